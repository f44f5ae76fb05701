{{/* Names and labels, in the shape of bp-sandbox's helpers. */}}
{{- define "sandbox.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $base := default "sandbox-controller" .Values.nameOverride -}}
{{- printf "%s" $base | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "sandbox.labels" -}}
app.kubernetes.io/name: sandbox-controller
app.kubernetes.io/managed-by: {{ .Release.Service | default "Helm" }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
catalyst.openova.io/controller: sandbox
{{- end -}}

{{- define "sandbox.selectorLabels" -}}
app.kubernetes.io/name: sandbox-controller
catalyst.openova.io/controller: sandbox
{{- end -}}

{{/* Swap the registry host of REF for global.imageRegistry when set.
     Called with (dict "ref" REF "root" $). */}}
{{- define "sandbox.registry" -}}
{{- $ref := .ref -}}
{{- $registry := .root.Values.global.imageRegistry | default "" -}}
{{- if and (ne $ref "") (ne $registry "") -}}
{{- printf "%s/%s" $registry (join "/" (rest (splitList "/" $ref))) -}}
{{- else -}}
{{- $ref -}}
{{- end -}}
{{- end -}}

{{- define "sandbox.image" -}}
{{- $tag := .Values.image.tag | default "" -}}
{{- if eq $tag "" -}}
{{- fail "image.tag is empty" -}}
{{- end -}}
{{- include "sandbox.registry" (dict "ref" (printf "%s:%s" .Values.image.repository $tag) "root" $) -}}
{{- end -}}
