import Evaluation
import Foundation
import Pipeline
import SiameseEngine

/// Trains the Siamese network on pairs from the training split, with the reference notebook's
/// schedule: Adam, ReduceLROnPlateau and EarlyStopping on the validation loss, and the weights
/// of the best validation epoch restored at the end.
///
/// Validation uses a fixed, seeded set of pairs drawn from the validation split only; the test
/// split is never read here. An epoch is `stepsPerEpoch` batches.
struct Trainer {
  let settings: StudyConfiguration.TrainingSettings
  let batchSize: Int
  let seed: UInt64
  let log: Log

  /// Keras' ReduceLROnPlateau counts an epoch as an improvement only when the loss falls by
  /// more than 1e-4; EarlyStopping counts any fall.
  static let plateauMinDelta = 1e-4

  /// - Parameters:
  ///   - train: training images, NHWC, with their labels.
  ///   - validation: validation images, NHWC, with their labels.
  /// - Returns: the trained network (best epoch's weights) and the history.
  func train(
    network initial: SiameseNetwork, train: Tensor, trainLabels: [Int], validation: Tensor,
    validationLabels: [Int]
  ) throws -> (SiameseNetwork, TrainingHistory) {
    var network = initial
    var optimizer = Adam(learningRate: Float(settings.learningRate))
    var sampler = PairSampler(labels: trainLabels, seed: seed, purpose: "training-pairs")
    var validationSampler = PairSampler(
      labels: validationLabels, seed: seed, purpose: "validation-pairs")
    let validationBatch = validationSampler.nextBatch(size: settings.validationPairs)
    let validationPairs = validationBatch.pairs.map { ($0.first, $0.second) }

    var history = TrainingHistory()
    history.initialValidationLoss = Double(
      network.loss(images: validation, pairs: validationPairs, labels: validationBatch.labels))
    var best = network
    var bestLoss = Double.infinity
    var plateauBest = Double.infinity
    var plateauWait = 0
    let started = Date()
    let totalSteps = settings.maxEpochs * settings.stepsPerEpoch

    for epoch in 1...settings.maxEpochs {
      var lossSum = 0.0
      for _ in 0..<settings.stepsPerEpoch {
        try Interruption.check()
        let batch = sampler.nextBatch(size: batchSize)
        let (images, pairs) = gather(batch, from: train)
        lossSum += Double(
          network.trainStep(
            images: images, pairs: pairs, labels: batch.labels, optimizer: &optimizer))
        history.steps += 1
        log.progress(
          "training", done: history.steps, total: totalSteps,
          detail: progressDetail(epoch, history, lossSum, optimizer))
      }

      let validationLoss = Double(
        network.loss(images: validation, pairs: validationPairs, labels: validationBatch.labels))
      history.epochs.append(
        TrainingHistory.Epoch(
          epoch: epoch, trainingLoss: lossSum / Double(settings.stepsPerEpoch),
          validationLoss: validationLoss, learningRate: Double(optimizer.learningRate)))

      if validationLoss < bestLoss {
        bestLoss = validationLoss
        best = network
        history.bestEpoch = epoch
      }
      if validationLoss < plateauBest - Self.plateauMinDelta {
        plateauBest = validationLoss
        plateauWait = 0
      } else {
        plateauWait += 1
        if plateauWait >= settings.reducePatience {
          optimizer.learningRate *= Float(settings.reduceFactor)
          history.learningRateDrops.append(epoch)
          plateauWait = 0
        }
      }
      if epoch - history.bestEpoch >= settings.stopPatience {
        history.stopReason =
          "early stopping after epoch \(epoch): no better validation loss for "
          + (settings.stopPatience == 1 ? "1 epoch" : "\(settings.stopPatience) epochs")
        break
      }
    }
    if history.stopReason.isEmpty {
      history.stopReason = "reached the last epoch (training.maxEpochs = \(settings.maxEpochs))"
    }
    if history.steps < totalSteps {
      log.progress("training", done: totalSteps, total: totalSteps, detail: "stopped early")
    }
    history.bestValidationLoss = bestLoss
    history.seconds = Date().timeIntervalSince(started)
    history.pairsPerSecond = Double(history.steps * batchSize) / max(history.seconds, 1e-9)
    return (best, history)
  }

  /// The batch's distinct images as one tensor, and its pairs re-indexed into that tensor.
  func gather(_ batch: PairBatch, from images: Tensor) -> (Tensor, [(Int, Int)]) {
    let items = batch.distinctItems
    var position: [Int: Int] = [:]
    for (index, item) in items.enumerated() { position[item] = index }
    let pairs = batch.pairs.map { (position[$0.first]!, position[$0.second]!) }
    return (images.gathering(items), pairs)
  }

  private func progressDetail(
    _ epoch: Int, _ history: TrainingHistory, _ lossSum: Double, _ optimizer: Adam
  ) -> String {
    let stepInEpoch = (history.steps - 1) % settings.stepsPerEpoch + 1
    let validation = history.epochs.last.map { String(format: "%.4f", $0.validationLoss) } ?? "–"
    return String(
      format: "epoch %d/%d loss %.4f val %@ lr %.2g", epoch, settings.maxEpochs,
      lossSum / Double(stepInEpoch), validation, Double(optimizer.learningRate))
  }
}
