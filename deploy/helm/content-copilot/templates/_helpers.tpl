{{- define "copilot.name" -}}
{{- .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "copilot.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "copilot.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
{{ include "copilot.selectorLabels" . }}
{{- end -}}

{{- define "copilot.selectorLabels" -}}
app.kubernetes.io/name: {{ include "copilot.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: app
{{- end -}}

{{- define "copilot.image" -}}
{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}
{{- end -}}

{{- define "copilot.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{ .Values.serviceAccount.name | default (include "copilot.fullname" .) }}
{{- else -}}
{{ .Values.serviceAccount.name | default "default" }}
{{- end -}}
{{- end -}}

{{- define "copilot.ollamaName" -}}
{{ include "copilot.fullname" . | trunc 56 | trimSuffix "-" }}-ollama
{{- end -}}

{{/* The OLLAMA_HOST pool: each in-cluster Ollama pod by its stable name, or the external hosts. */}}
{{- define "copilot.ollamaHosts" -}}
{{- if .Values.ollama.enabled -}}
{{- $name := include "copilot.ollamaName" . -}}
{{- $hosts := list -}}
{{- range $i := until (int .Values.ollama.replicas) -}}
{{- $hosts = append $hosts (printf "http://%s-%d.%s.%s.svc:11434" $name $i $name $.Release.Namespace) -}}
{{- end -}}
{{- join "," $hosts -}}
{{- else -}}
{{- join "," .Values.ollamaHosts -}}
{{- end -}}
{{- end -}}

{{/* The environment shared by the app and the migrations Job: settings, then secrets by reference. */}}
{{- define "copilot.env" -}}
- name: NODE_ENV
  value: production
- name: HOST
  value: "0.0.0.0"
- name: PORT
  value: {{ .Values.containerPort | quote }}
- name: METRICS_PORT
  value: {{ .Values.metrics.port | quote }}
- name: OLLAMA_HOST
  value: {{ include "copilot.ollamaHosts" . | quote }}
{{- range $name, $value := .Values.config }}
{{- if ne (toString $value) "" }}
- name: {{ $name }}
  value: {{ $value | toString | quote }}
{{- end }}
{{- end }}
{{- range $name, $key := .Values.secretKeys }}
{{- if $key }}
- name: {{ $name }}
  valueFrom:
    secretKeyRef:
      name: {{ $.Values.existingSecret }}
      key: {{ $key }}
      optional: {{ ne $name "DATABASE_URL" }}
{{- end }}
{{- end }}
{{- end -}}

{{- define "copilot.minReplicas" -}}
{{- if or .Values.autoscaling.enabled .Values.autoscaling.keda.enabled -}}
{{ .Values.autoscaling.minReplicas }}
{{- else -}}
{{ .Values.replicaCount }}
{{- end -}}
{{- end -}}
