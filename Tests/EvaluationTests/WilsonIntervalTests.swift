import Evaluation
import Testing

@Suite struct WilsonIntervalTests {
  // Expected values worked by hand from the closed form (z = 1.959964), to 4 decimals.
  @Test(arguments: [
    (5, 10, 0.2366, 0.7634),
    (0, 10, 0.0, 0.2775),
    (10, 10, 0.7225, 1.0),
    (500, 1000, 0.4691, 0.5309),
    (31, 1000, 0.0219, 0.0437),
  ])
  func matchesReference(successes: Int, trials: Int, lower: Double, upper: Double) {
    let interval = ProportionEstimate(successes: successes, trials: trials).wilsonInterval()
    #expect(abs(interval.lower - lower) < 1e-4)
    #expect(abs(interval.upper - upper) < 1e-4)
  }

  @Test func staysInsideTheUnitInterval() {
    for trials in [1, 2, 7, 100] {
      for successes in 0...trials {
        let interval = ProportionEstimate(successes: successes, trials: trials).wilsonInterval()
        #expect(interval.lower >= 0 && interval.upper <= 1)
        #expect(interval.lower <= Double(successes) / Double(trials) + 1e-12)
        #expect(interval.upper >= Double(successes) / Double(trials) - 1e-12)
      }
    }
  }
}
