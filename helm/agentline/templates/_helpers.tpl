{{/* The release's name prefix, at most 63 characters with the longest suffix. */}}
{{- define "agentline.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 40 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* The services: values key -> module (image agentline/<module>). */}}
{{- define "agentline.services" -}}
planner: planner-service
worker: worker-service
toolRunner: tool-runner-service
audit: audit-service
{{- end -}}

{{- define "agentline.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{/* Selector labels of one component; call with (dict "root" $ "component" "worker-service"). */}}
{{- define "agentline.selectorLabels" -}}
app.kubernetes.io/name: {{ .root.Chart.Name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- define "agentline.secretName" -}}
{{- .Values.secrets.existingSecret | default (printf "%s-secrets" (include "agentline.fullname" .)) -}}
{{- end -}}

{{- define "agentline.bootstrapServers" -}}
{{- if .Values.kafka.bootstrapServers -}}
{{- .Values.kafka.bootstrapServers -}}
{{- else if .Values.kafka.dev.enabled -}}
{{- printf "%s-kafka:9092" (include "agentline.fullname" .) -}}
{{- else -}}
{{- fail "set kafka.bootstrapServers (or kafka.dev.enabled=true for a development broker)" -}}
{{- end -}}
{{- end -}}

{{- define "agentline.image" -}}
{{- printf "%sagentline/%s:%s" .root.Values.image.registry .module (.root.Values.image.tag | default .root.Chart.AppVersion) -}}
{{- end -}}

{{/* Whether something else (KEDA or an HPA) owns the worker's replica count. */}}
{{- define "agentline.workerAutoscaled" -}}
{{- $a := .Values.worker.autoscaling -}}
{{- if and $a.keda.enabled $a.hpa.enabled -}}
{{- fail "worker.autoscaling: enable keda or hpa, not both (KEDA creates its own HPA)" -}}
{{- end -}}
{{- if or $a.keda.enabled $a.hpa.enabled }}true{{ end -}}
{{- end -}}

{{/*
The non-secret environment of one service (its ConfigMap): the chart's settings, then the service's `config`.
Call with (dict "root" $ "key" "worker").
*/}}
{{- define "agentline.config" -}}
{{- $root := .root -}}
{{- $v := index $root.Values .key -}}
{{- $env := dict "SPRING_KAFKA_BOOTSTRAP_SERVERS" (include "agentline.bootstrapServers" $root) -}}
{{- if $root.Values.logging.json }}{{ $_ := set $env "LOGGING_STRUCTURED_FORMAT_CONSOLE" "ecs" }}{{ end -}}
{{- if eq .key "planner" -}}
{{- $_ := set $env "AGENTLINE_PLANNER_CREATE_TOPICS" ($v.createTopics | toString) -}}
{{- $_ := set $env "AGENTLINE_PLANNER_PARTITIONS" ($v.partitions | toString) -}}
{{- $_ := set $env "AGENTLINE_PLANNER_STATE_DIR" "/var/lib/agentline/planner" -}}
{{- $_ := set $env "AGENTLINE_MODELS_CONFIG_FILE" "/etc/agentline/models.yaml" -}}
{{- else if eq .key "worker" -}}
{{- $_ := set $env "AGENTLINE_WORKER_CONSUMERS_PER_ROLE" ($v.consumersPerRole | toString) -}}
{{- $_ := set $env "AGENTLINE_MODELS_CONFIG_FILE" "/etc/agentline/models.yaml" -}}
{{- else if eq .key "toolRunner" -}}
{{- $_ := set $env "AGENTLINE_WORKSPACE_ROOT" "/var/lib/agentline/workspaces" -}}
{{- $_ := set $env "AGENTLINE_SANDBOX_MODE" $v.sandboxMode -}}
{{- else if eq .key "audit" -}}
{{- if and (not $root.Values.postgresql.url) (gt (int $v.replicas) 1) -}}
{{- fail "audit.replicas > 1 needs postgresql.url: each replica would have its own embedded database" -}}
{{- end -}}
{{- if $root.Values.postgresql.url -}}
{{- $_ := set $env "SPRING_DATASOURCE_URL" $root.Values.postgresql.url -}}
{{- $_ := set $env "SPRING_DATASOURCE_USERNAME" $root.Values.postgresql.username -}}
{{- end -}}
{{- end -}}
{{- if has .key (list "planner" "audit") -}}
{{- include "agentline.securityEnv" (dict "security" $root.Values.security "env" $env) -}}
{{- end -}}
{{- range $name, $value := $v.config }}{{ $_ := set $env $name ($value | toString) }}{{ end -}}
{{- toYaml $env -}}
{{- end -}}

{{/* The secret keys one service gets as environment variables. Call with (dict "root" $ "key" "audit"). */}}
{{- define "agentline.secretEnv" -}}
{{- $v := index .root.Values .key -}}
{{- $names := $v.secretEnv -}}
{{- if and (eq .key "audit") .root.Values.postgresql.url -}}
{{- $names = append $names "SPRING_DATASOURCE_PASSWORD" -}}
{{- end -}}
{{- toYaml (uniq $names) -}}
{{- end -}}

{{/*
Access control of the planner and the audit service (agentline.security.*, docs/security.md): the mode, the API
tokens (their SHA-256 only, never a token), the OIDC provider and the teams' repository globs, as environment
variables. Call with (dict "security" .Values.security "env" $env); it adds to $env.
*/}}
{{- define "agentline.securityEnv" -}}
{{- $s := .security -}}
{{- $env := .env -}}
{{- $_ := set $env "AGENTLINE_SECURITY_MODE" $s.mode -}}
{{- range $i, $t := $s.tokens -}}
{{- if not (and $t.name $t.sha256) }}{{ fail (printf "security.tokens[%d] needs a name and the sha256 of its token" $i) }}{{ end -}}
{{- $_ := set $env (printf "AGENTLINE_SECURITY_TOKENS_%d_NAME" $i) $t.name -}}
{{- $_ := set $env (printf "AGENTLINE_SECURITY_TOKENS_%d_SHA256" $i) $t.sha256 -}}
{{- $_ := set $env (printf "AGENTLINE_SECURITY_TOKENS_%d_ROLES" $i) (join "," ($t.roles | default list)) -}}
{{- $_ := set $env (printf "AGENTLINE_SECURITY_TOKENS_%d_TEAMS" $i) (join "," ($t.teams | default list)) -}}
{{- end -}}
{{- with $s.oidc -}}
{{- if .issuerUri }}{{ $_ := set $env "AGENTLINE_SECURITY_OIDC_ISSUER_URI" .issuerUri }}{{ end -}}
{{- if .jwkSetUri }}{{ $_ := set $env "AGENTLINE_SECURITY_OIDC_JWK_SET_URI" .jwkSetUri }}{{ end -}}
{{- if .nameClaim }}{{ $_ := set $env "AGENTLINE_SECURITY_OIDC_NAME_CLAIM" .nameClaim }}{{ end -}}
{{- if .rolesClaim }}{{ $_ := set $env "AGENTLINE_SECURITY_OIDC_ROLES_CLAIM" .rolesClaim }}{{ end -}}
{{- if .teamsClaim }}{{ $_ := set $env "AGENTLINE_SECURITY_OIDC_TEAMS_CLAIM" .teamsClaim }}{{ end -}}
{{- end -}}
{{- range $team, $t := $s.teams -}}
{{- /* an environment variable keeps a map key only as lower-case letters and digits */ -}}
{{- if not (regexMatch "^[a-z0-9]+$" $team) }}{{ fail (printf "security.teams: team name %q may only hold lower-case letters and digits (it travels as an environment variable)" $team) }}{{ end -}}
{{- $_ := set $env (printf "AGENTLINE_SECURITY_TEAMS_%s_REPOSITORIES" ($team | upper)) (join "," $t.repositories) -}}
{{- end -}}
{{- end -}}
