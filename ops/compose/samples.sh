#!/bin/sh
# Feeds the compose stack the README's sample commands: starts tasks in the emulator over its admin API,
# then publishes a normal stop, a duplicate, an already-ended task, an invalid command and a permanent failure.
set -eu
EMU=${EMULATOR_URL:-http://emulator:8089}
BOOT=${KAFKA_BOOTSTRAP_SERVERS:-kafka:9092}
APP=1400000001

create_task() {
  wget -qO- --header 'Content-Type: application/json' \
    --post-data "{\"SdkAppId\":$APP,\"RoomId\":\"$1\"}" "$EMU/admin/tasks" | sed -n 's/.*"TaskId":"\([^"]*\)".*/\1/p'
}

running=$(create_task room-1001)
forbidden=$(create_task room-1003)
wget -qO- --header 'Content-Type: application/json' \
  --post-data '{"Forever":"FailedOperation.CTUnsupportMethod"}' "$EMU/admin/tasks/$forbidden/script" >/dev/null

/opt/kafka/bin/kafka-console-producer.sh --bootstrap-server "$BOOT" --topic transcription.stop \
  --property parse.key=true --property key.separator='|' <<EOF2
$running|{"SdkAppId":$APP,"TaskId":"$running","CommandId":"cmd-1"}
$running|{"SdkAppId":$APP,"TaskId":"$running","CommandId":"cmd-2"}
ended-task-0001|{"SdkAppId":$APP,"TaskId":"ended-task-0001","CommandId":"cmd-3"}
bad-1|{"SdkAppId":"abc","TaskId":"bad-1","CommandId":"cmd-4"}
$forbidden|{"SdkAppId":$APP,"TaskId":"$forbidden","CommandId":"cmd-5"}
EOF2
echo "samples: sent 5 commands"
