import Foundation
import Pipeline
import Testing

/// Signal state is process-wide, so these run one at a time and send exactly one signal in the
/// whole test process: a second one would (by design) exit the process.
@Suite(.serialized) struct InterruptionTests {
  @Test func exitCodesFollowTheShellConvention() {
    #expect(InterruptedError(signal: SIGINT).exitCode == 130)
    #expect(InterruptedError(signal: SIGTERM).exitCode == 143)
    #expect(InterruptedError(signal: SIGINT).description.contains("SIGINT"))
  }

  @Test func sigtermAfterInstallIsTurnedIntoAnError() throws {
    // Installing first replaces the default action (terminate) before the signal is sent.
    Interruption.install()
    Interruption.install()
    #expect(!Interruption.isRequested)
    try Interruption.check()

    #expect(kill(getpid(), SIGTERM) == 0)
    // Delivery is asynchronous (a Dispatch queue runs the handler). This waits for it; the
    // bound only keeps a broken handler from hanging the suite and is not what is tested.
    for _ in 0..<1000 where !Interruption.isRequested {
      usleep(10_000)
    }

    #expect(Interruption.isRequested)
    let error = #expect(throws: InterruptedError.self) { try Interruption.check() }
    #expect(error?.signal == SIGTERM)
    #expect(error?.exitCode == 143)
  }
}
