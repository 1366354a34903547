// Colours as people type them: "#1a7f5a", "1A7F5A" or a CSS colour name ("orange"), turned into the
// #RRGGBB form brands keep, by the browser's own colour parser.
const hexColor = /^#?[0-9a-fA-F]{6}$/;

/** "#RRGGBB" for anything the browser reads as an opaque colour; null for what it cannot read. */
export function toHexColor(value: string): string | null {
  const text = value.trim();
  if (hexColor.test(text)) return `#${text.replace('#', '').toUpperCase()}`;
  if (!text || typeof document === 'undefined') return null;
  const context = document.createElement('canvas').getContext('2d');
  if (!context) return null;
  // fillStyle ignores what it cannot parse: set a sentinel first to tell "orange" from "orang".
  for (const sentinel of ['#000000', '#FFFFFF']) {
    context.fillStyle = sentinel;
    context.fillStyle = text;
    if (context.fillStyle.toUpperCase() === sentinel) continue;
    return hexColor.test(context.fillStyle) ? context.fillStyle.toUpperCase() : null;
  }
  return null;
}
