import Evaluation
import Testing

@Suite struct NWayTrialsTests {
  let labels = [0, 0, 0, 1, 1, 1, 2, 2, 2, 3]
  let names = ["a", "b", "c", "d"]

  @Test(arguments: [2, 5, 7])
  func trialsAreWellFormed(n: Int) throws {
    var generator = SeededGenerator(seed: 7)
    let trials = try NWayTrials.make(
      labels: labels, classNames: names, n: n, count: 500, generator: &generator)
    #expect(trials.count == 500)
    for trial in trials {
      #expect(trial.candidates.count == n)
      #expect(Set(trial.candidates).count == n, "no image repeats within a trial")
      #expect(!trial.candidates.contains(trial.anchor), "the anchor is never a candidate")
      #expect(labels[trial.positive] == labels[trial.anchor])
      for (index, candidate) in trial.candidates.enumerated() where index != trial.positiveIndex {
        #expect(labels[candidate] != labels[trial.anchor])
      }
    }
    // Class 3 has one image, so it can never be an anchor class.
    #expect(!trials.contains { labels[$0.anchor] == 3 })
  }

  @Test func sameSeedSameTrials() throws {
    var first = SeededGenerator(seed: 3)
    var second = SeededGenerator(seed: 3)
    let a = try NWayTrials.make(
      labels: labels, classNames: names, n: 4, count: 50, generator: &first)
    let b = try NWayTrials.make(
      labels: labels, classNames: names, n: 4, count: 50, generator: &second)
    #expect(a == b)
  }

  @Test func refusesWhenOtherClassesAreTooSmall() {
    var generator = SeededGenerator(seed: 1)
    #expect(throws: NWayError.tooFewOtherItems(n: 9, className: "a", available: 7)) {
      _ = try NWayTrials.make(
        labels: labels, classNames: names, n: 9, count: 1, generator: &generator)
    }
  }

  /// One image is "1 image" and "1 is", not "1 images" and "1 are".
  @Test func refusalCountsInTheSingular() {
    let text = NWayError.tooFewOtherItems(n: 2, className: "a", available: 1).description
    #expect(text.contains("needs 1 image of other classes, but only 1 is available"), "\(text)")
    let plural = NWayError.tooFewOtherItems(n: 3, className: "a", available: 0).description
    #expect(plural.contains("needs 2 images of other classes, but only 0 are available"))
  }

  @Test func perfectScorerIsAlwaysRight() throws {
    // Vectors equal to the class label: negative L1 distance is highest for the same class.
    var generator = SeededGenerator(seed: 5)
    let trials = try NWayTrials.make(
      labels: labels, classNames: names, n: 5, count: 200, generator: &generator)
    let result = NWayTrials.evaluate(trials, generator: &generator) { a, b in
      -abs(Double(labels[a] - labels[b]))
    }
    #expect(result.successes == 200)
  }

  @Test func invertedScorerIsAlwaysWrong() throws {
    var generator = SeededGenerator(seed: 5)
    let trials = try NWayTrials.make(
      labels: labels, classNames: names, n: 5, count: 200, generator: &generator)
    let result = NWayTrials.evaluate(trials, generator: &generator) { a, b in
      labels[a] == labels[b] ? -1 : 0
    }
    #expect(result.successes == 0)
  }

  @Test func constantScorerLandsAtChance() throws {
    var generator = SeededGenerator(seed: 11)
    let trials = try NWayTrials.make(
      labels: labels, classNames: names, n: 5, count: 4000, generator: &generator)
    let result = NWayTrials.evaluate(trials, generator: &generator) { _, _ in 0 }
    let interval = result.wilsonInterval()
    #expect(interval.lower < 0.2 && 0.2 < interval.upper, "ties are broken at random: \(result)")
  }

  @Test func handBuiltVectorsGiveTheKnownAnswer() {
    // Anchor 0 is closest to item 1 (distance 1) though item 2 shares its class: wrong.
    // Anchor 3 is closest to item 4, its class mate: right.
    let vectors: [[Double]] = [[0], [1], [5], [10], [10.5], [20]]
    let trials = [
      NWayTrial(anchor: 0, candidates: [1, 2], positiveIndex: 1),
      NWayTrial(anchor: 3, candidates: [5, 4], positiveIndex: 1),
    ]
    var generator = SeededGenerator(seed: 0)
    let result = NWayTrials.evaluate(trials, generator: &generator) { a, b in
      -abs(vectors[a][0] - vectors[b][0])
    }
    #expect(result == ProportionEstimate(successes: 1, trials: 2))
  }
}
