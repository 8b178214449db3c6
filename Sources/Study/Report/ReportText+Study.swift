import Foundation
import Reporting
import SiameseEngine

/// Sentences of the model, training, embedding and unknown-class sections.
extension ReportText {
  static func modelIntro(_ results: StudyResults) -> String {
    let total = results.layers.reduce(0) { $0 + $1.parameters }
    let name =
      results.configuration.training.network == "koch"
      ? "the reference tower of Koch et al. (2015)" : "a small test tower"
    return "Two towers with shared weights (\(name)) turn each image into an embedding; the "
      + "head scores a pair as p = sigmoid(w · |e₁ − e₂| + b), and training minimises binary "
      + "cross-entropy plus an L2 penalty. Weights start Glorot-uniform with zero biases, drawn "
      + "from the study seed. The network has \(Format.count(total)) parameters. FLOPs count "
      + "one multiply-add as two operations, for one image through one tower (the head: one pair)."
  }

  static func trainingSummary(_ results: StudyResults) -> String {
    let h = results.history
    let trained = results.trainedClasses.map { Format.text(results.prepared.classes[$0]) }
    var text =
      "The network trained on pairs of the \(results.trainImages.count) training images "
      + "of \(trained.joined(separator: ", ")) only; held-out classes and the test split took no "
      + "part. Each epoch is \(results.configuration.training.stepsPerEpoch) batches of "
      + "\(results.configuration.pairs.batchSize) pairs; after each epoch the loss on "
      + "\(results.configuration.training.validationPairs) fixed pairs of validation images "
      + "decides the learning-rate schedule and early stopping. "
    text +=
      "Training ran \(Format.count(h.steps, "step")) "
      + "(\(Format.count(h.epochs.count, "epoch"))) and stopped: "
      + "\(h.stopReason). The weights of epoch \(h.bestEpoch) (validation loss "
      + String(format: "%.4f", h.bestValidationLoss) + ", from "
      + String(format: "%.4f", h.initialValidationLoss) + " before training) were kept. "
    if h.learningRateDrops.isEmpty {
      text += "The learning rate was never lowered."
    } else {
      text +=
        "The learning rate was halved after "
        + (h.learningRateDrops.count == 1 ? "epoch " : "epochs ")
        + h.learningRateDrops.map(String.init).joined(separator: ", ") + "."
    }
    text += " Training time and speed are in the run information."
    return text
  }

  static func embeddingsMethod(_ results: StudyResults) -> String {
    "Each test image of a trained class is compared with every training image; its score for a "
      + "class is the mean similarity (the head's probability) to that class's "
      + "\(results.configuration.split.train) training images, and it is assigned to the class "
      + "with the highest score. These training images are the model's prototypes, saved in "
      + "`model/` for `siamese-report predict`."
      + (results.assignment.map {
        " Accuracy: **\(Format.percent($0.accuracy))** of "
          + "\(Format.count($0.confusion.joined().reduce(0, +), "test image")) (chance "
          + "\(Format.percent(1 / Double(max($0.classes.count, 1)))))."
      } ?? "")
  }

  static func unknownMethod(_ results: StudyResults) -> String {
    // A held-out name is a class of the dataset (the run refuses any other) unless it is
    // the default, which applies only where the dataset has that class.
    let heldOut = results.configuration.unknownClass.heldOut.filter {
      results.prepared.classes.contains($0)
    }
    return
      "Held-out classes (\(heldOut.map(Format.text).joined(separator: ", "))) never "
      + "enter training or the prototypes. An image's outlier score is its highest class score; "
      + "an image whose highest class score falls below a threshold is flagged as unknown. The "
      + "threshold is chosen on the validation split to keep "
      + "\(Format.percent(results.configuration.unknownClass.keepKnown, digits: 0)) of "
      + "known-class images."
  }

  static func unknownResult(_ unknown: UnknownMetrics) -> String {
    "On the test split, \(Format.count(unknown.unknownTestImages, "image")) of held-out "
      + "classes against \(Format.count(unknown.knownTestImages)) of known classes: AUROC **"
      + String(format: "%.3f", unknown.auroc) + "** (0.5 is chance). At the threshold "
      + String(format: "%.3f", unknown.threshold) + " (from "
      + "\(Format.count(unknown.validationImages, "validation image"))), "
      + "**\(Format.percent(unknown.flaggedAtThreshold))** of held-out images are flagged as "
      + "unknown, and \(Format.percent(unknown.knownFlaggedAtThreshold)) "
      + "of known-class test images are flagged wrongly."
  }
}

extension ReportTables {
  static func model(_ layers: [LayerSummary]) -> String {
    var rows = layers.map { layer in
      [
        Format.text(layer.name), Format.text(layer.kind),
        layer.outputShape.map(String.init).joined(separator: " × "),
        Format.count(layer.parameters), Format.count(layer.forwardFLOPs),
      ]
    }
    rows.append([
      "**Total**", "", "", "**\(Format.count(layers.reduce(0) { $0 + $1.parameters }))**",
      "**\(Format.count(layers.reduce(0) { $0 + $1.forwardFLOPs }))**",
    ])
    return Markdown.table(
      header: ["Layer", "Kind", "Output shape", "Parameters", "Forward FLOPs"], rows: rows,
      alignments: [.left, .left, .right, .right, .right])
  }

  static func assignment(_ metrics: AssignmentMetrics) -> String {
    let rows = metrics.classes.indices.map { c -> [String] in
      [
        Format.text(metrics.classes[c]), Format.count(metrics.confusion[c].reduce(0, +)),
        metrics.precision[c].map { Format.percent($0) } ?? "– (never predicted)",
        metrics.recall[c].map { Format.percent($0) } ?? "–",
      ]
    }
    return Markdown.table(
      header: ["Class", "Test images", "Precision", "Recall"], rows: rows,
      alignments: [.left, .right, .right, .right])
  }
}
