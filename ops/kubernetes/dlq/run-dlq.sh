#!/usr/bin/env bash
# Runs `dlq ARGS...` (inspect or replay) as a Kubernetes Job in the worker's namespace, follows its output and
# exits with the tool's exit code (0 done, 1 failed or interrupted: running it again is safe, 2 bad arguments
# or configuration). Uses the current kubectl context; set NAMESPACE, and IMAGE to the worker's image
# (default: the image of the running StatefulSet, so the tool is the version the workers run). PRINT_ONLY=1
# prints the Job instead of creating it.
#   ops/kubernetes/dlq/run-dlq.sh inspect --json
#   ops/kubernetes/dlq/run-dlq.sh replay --kind PERMANENT_API_ERROR --code AuthFailure. --dry-run
set -euo pipefail
[ $# -ge 1 ] || { sed -n '2,8p' "$0" >&2; exit 2; }
case "$1" in inspect|replay) ;; *) echo "run-dlq: the first argument is inspect or replay, not '$1'" >&2; exit 2 ;; esac
ns=(--namespace "${NAMESPACE:-$(kubectl config view --minify -o jsonpath='{..namespace}' 2>/dev/null || true)}")
[ "${ns[1]}" != "" ] || ns=(--namespace default)
image=${IMAGE:-$(kubectl "${ns[@]}" get statefulset trtc-stop-worker -o jsonpath='{.spec.template.spec.containers[0].image}')}

# The arguments as a YAML flow sequence of single-quoted strings ('' escapes a quote): no shell or YAML
# interpretation of what the operator typed.
args="\"dlq\""
for a in "$@"; do q=${a//\'/\'\'}; args+=", '$q'"; done
args=$(printf '%s' "$args" | sed -e 's/[\\&|]/\\&/g') # literal in the sed replacement below
manifest=$(sed -e "s|args: \[\"dlq\", \"inspect\"\]|args: [$args]|" -e "s|image: trtc-stop-worker:.*|image: '$image'|" \
        "$(dirname "$0")/dlq-job.yaml")
if [ "${PRINT_ONLY:-}" = 1 ]; then printf '%s\n' "$manifest"; exit 0; fi # what would be created (tests, review)
job=$(printf '%s\n' "$manifest" | kubectl "${ns[@]}" create -f - -o name)
echo "run-dlq: $job (dlq $*)" >&2
kubectl "${ns[@]}" wait --for=condition=PodScheduled pod -l "job-name=${job#job.batch/}" --timeout=120s >/dev/null
until kubectl "${ns[@]}" logs -f "$job" 2>/dev/null; do sleep 2; done
for _ in $(seq 60); do
  code=$(kubectl "${ns[@]}" get pod -l "job-name=${job#job.batch/}" \
           -o jsonpath='{.items[0].status.containerStatuses[0].state.terminated.exitCode}')
  [ -n "$code" ] && exit "$code"
  sleep 1
done
echo "run-dlq: $job did not finish; see kubectl ${ns[*]} describe $job" >&2
exit 1
