package io.trtcstop.worker.engine;

import io.trtcstop.worker.command.StopCommand;
import io.trtcstop.worker.trtc.DeleteResult;

/** One {@code DeleteCloudTranscription} call for a command; blocking, never throws for API or transport trouble. */
@FunctionalInterface
public interface StopCall {
    DeleteResult stop(StopCommand command);
}
