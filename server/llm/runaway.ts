// A 7B model can get stuck: in JSON mode it may stream whitespace for ever, or repeat one
// token. Ollama's own repeat stop is not reliable across versions, so the reply is watched.

/** Identical tokens in a row that no real reply contains. */
const repeatedTokenLimit = 64;
/** Characters of whitespace in a row at the end of a reply. */
const whitespaceRunLimit = 512;

export class RunawayDetector {
  #lastToken = '';
  #repeats = 0;
  #whitespaceRun = 0;

  /** Takes the next token; says why the reply is a runaway, or null. */
  push(token: string): string | null {
    this.#repeats = token === this.#lastToken ? this.#repeats + 1 : 1;
    this.#lastToken = token;
    this.#whitespaceRun = token.trim() === '' ? this.#whitespaceRun + token.length : 0;
    if (this.#whitespaceRun >= whitespaceRunLimit || (this.#repeats >= repeatedTokenLimit && token.trim() === '')) {
      return `the model got stuck writing blank space (${this.#whitespaceRun} characters in a row)`;
    }
    if (this.#repeats >= repeatedTokenLimit) {
      return `the model got stuck repeating ${JSON.stringify(token.slice(0, 20))} (${this.#repeats} times in a row)`;
    }
    return null;
  }
}
