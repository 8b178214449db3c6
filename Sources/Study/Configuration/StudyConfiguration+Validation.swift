import Foundation
import SiameseEngine

extension StudyConfiguration {
  /// Checks the values that types alone cannot: each value a run would crash on, or would
  /// silently read as something else, is refused with its key path and what it needs.
  /// - Throws: `StudyError.badConfiguration` naming `file`, the key and the value found.
  public func validate(file: String) throws(StudyError) {
    func fail(_ reason: String) -> StudyError { .badConfiguration(file: file, reason: reason) }

    if !(1...64).contains(threads) { throw fail("threads must be 1 to 64, got \(threads)") }
    if split.train < 2 { throw fail("split.train must be at least 2, got \(split.train)") }
    if split.validation < 1 {
      throw fail("split.validation must be at least 1, got \(split.validation)")
    }

    if !(16...512).contains(preprocessing.size) {
      throw fail("preprocessing.size must be between 16 and 512, got \(preprocessing.size)")
    }
    if ![1, 3].contains(preprocessing.channels) {
      throw fail("preprocessing.channels must be 1 or 3, got \(preprocessing.channels)")
    }
    if preprocessing.maxPixels < 1 {
      throw fail("preprocessing.maxPixels must be at least 1, got \(preprocessing.maxPixels)")
    }

    if pairs.batchSize < 2 || pairs.batchSize % 2 != 0 {
      throw fail("pairs.batchSize must be an even number of at least 2, got \(pairs.batchSize)")
    }
    if nway.ways.isEmpty || nway.ways.contains(where: { $0 < 2 }) {
      throw fail("nway.ways must list values of at least 2, got \(nway.ways)")
    }
    if nway.trials < 1 { throw fail("nway.trials must be at least 1, got \(nway.trials)") }

    try training.validate(fail)
    do {
      try tower.validate()
    } catch {
      throw fail(
        "training.network \"\(training.network)\" with preprocessing.size "
          + "\(preprocessing.size): \(error.reason)")
    }

    if !(0 < unknownClass.keepKnown && unknownClass.keepKnown < 1) {
      throw fail("unknownClass.keepKnown must be between 0 and 1, got \(unknownClass.keepKnown)")
    }
    // Whether the split has enough demo images is checked only when the demo set is used
    // (`RunLocations.resolve`): a run on real data must not fail over a demo setting.
    if demo.imagesPerClass < 1 {
      throw fail("demo.imagesPerClass must be at least 1, got \(demo.imagesPerClass)")
    }
  }
}

extension StudyConfiguration.TrainingSettings {
  fileprivate func validate(_ fail: (String) -> StudyError) throws(StudyError) {
    if !["koch", "small"].contains(network) {
      throw fail("training.network must be \"koch\" or \"small\", got \"\(network)\"")
    }
    // The network computes in 32-bit floats: a rate that is positive as a Double can still
    // round to 0 or to infinity there.
    let rate = Float(learningRate)
    if !(rate > 0 && rate.isFinite) {
      throw fail(
        "training.learningRate must be a positive, finite number within 32-bit float range "
          + "(about 1e-38 to 3e38), got \(learningRate)")
    }
    if stepsPerEpoch < 1 {
      throw fail("training.stepsPerEpoch must be at least 1, got \(stepsPerEpoch)")
    }
    if maxEpochs < 1 { throw fail("training.maxEpochs must be at least 1, got \(maxEpochs)") }
    if maxEpochs.multipliedReportingOverflow(by: stepsPerEpoch).overflow {
      throw fail(
        "training.maxEpochs × training.stepsPerEpoch is too large (\(maxEpochs) × "
          + "\(stepsPerEpoch)); lower one of them")
    }
    if !(0 < reduceFactor && reduceFactor < 1) {
      throw fail(
        "training.reduceFactor must be between 0 and 1 (exclusive), got \(reduceFactor)")
    }
    // Both patiences count epochs without a better validation loss and are compared after
    // such an epoch: 0 would act as 1 for the learning rate, and would end every run after
    // its first epoch for early stopping.
    if reducePatience < 1 {
      throw fail("training.reducePatience must be at least 1, got \(reducePatience)")
    }
    if stopPatience < 1 {
      throw fail("training.stopPatience must be at least 1, got \(stopPatience)")
    }
    // The validation pairs are half same-class, half different-class: at least one of each.
    if validationPairs < 2 {
      throw fail("training.validationPairs must be at least 2, got \(validationPairs)")
    }
  }
}

extension StudyConfiguration {
  /// The tower the configuration asks for, sized to the preprocessed images.
  public var tower: TowerConfiguration {
    let size = preprocessing.size
    let channels = preprocessing.channels
    switch training.network {
    case "small": return .small(inputSize: size, channels: channels, embeddingSize: 32)
    default: return .koch(inputSize: size, channels: channels)
    }
  }
}
