import Foundation
import Pipeline
import Testing

/// What can be checked without sending a signal to the test process.
@Suite struct InterruptionTests {
  @Test func exitCodesFollowTheShellConvention() {
    #expect(InterruptedError(signal: SIGINT).exitCode == 130)
    #expect(InterruptedError(signal: SIGTERM).exitCode == 143)
    #expect(InterruptedError(signal: SIGINT).description.contains("SIGINT"))
  }

  // The signal path itself (install, SIGTERM, `check()` throwing, exit code 143) is tested in
  // SiameseCLITests/InterruptionTests on a child process: a signal sent to this test process
  // would stay recorded and make every later in-process run in the suite throw.
}
