import Evaluation
import Foundation
import Pipeline
import SiameseEngine

/// The trained model scored on a second dataset (other hospitals), beside the internal figures.
public struct ExternalMetrics: Sendable, Codable, Equatable {
  public var folder: String
  public var images: Int
  public var rejected: Int
  /// external classes that match a trained class by name
  public var matchedClasses: [String]
  /// external classes unknown to the model (held out or never seen)
  public var unknownClasses: [String]
  public var nway: [NWayResult]
  public var skipped: [String]
  public var assignment: AssignmentMetrics?
  public var unknown: UnknownMetrics?
}

/// An external dataset, listed and fingerprinted.
struct ExternalData {
  let listing: DatasetListing
  let hash: String
}

extension StudyPipeline {
  /// Lists and fingerprints the `--external` dataset, if one was given.
  func scanExternal() throws -> ExternalData? {
    guard let folder = request.externalFolder else { return nil }
    let listing = try DatasetListing.scan(folder)
    let indexURL = locations.stateFolder.appendingPathComponent("external-fingerprints.json")
    var index = FingerprintIndex.load(from: indexURL)
    let files = listing.entries.map { listing.root.appendingPathComponent($0.file) }
    let result = try index.fingerprint(files: files, relativeTo: listing.root)
    try index.save(to: indexURL)
    let scan = ScanResult(
      fingerprints: result.sorted, entries: listing.entries, classes: listing.classes)
    return ExternalData(listing: listing, hash: scan.hash)
  }

  /// Scores the external images with the trained network: N-way among images of trained
  /// classes, assignment to the training prototypes, and unknown-class flagging of images of
  /// other classes with the threshold chosen on the internal validation split.
  func evaluateExternal(
    _ external: ExternalData, internal prepared: PreparedData, train: [Int],
    knownClasses: [Int], trained: SiameseNetwork, threshold: Double
  ) throws -> ExternalMetrics {
    let data = Preparation.prepare(
      listing: external.listing, settings: configuration.preprocessing,
      threads: configuration.threads, log: log)
    let names = knownClasses.map { prepared.classes[$0] }
    let knownImages = data.images.indices.filter { names.contains(data.images[$0].entry.className) }
    let unknownImages = data.images.indices.filter {
      !names.contains(data.images[$0].entry.className)
    }
    // Labels in the internal class numbering, so the prototypes' labels apply.
    let internalLabel = { (image: Int) in
      prepared.classes.firstIndex(of: data.images[image].entry.className)!
    }

    let trainEmbedded = try EmbeddedImages(
      network: trained, data: prepared, images: train, name: "siamese")
    let externalEmbedded = try EmbeddedImages(
      network: trained, data: data, images: knownImages + unknownImages, name: "external",
      log: log)
    let head = trained.headParameters

    func similarity(_ external: Int, _ reference: Int) -> Double {
      let size = trained.configuration.embeddingSize
      let a = externalEmbedded.embeddings(of: [external])
      let b = trainEmbedded.embeddings(of: [reference])
      var logit = Double(head.bias)
      for k in 0..<size { logit += Double(head.weights[k] * abs(a[k] - b[k])) }
      return 1 / (1 + exp(-logit))
    }
    func assignments(_ images: [Int]) -> [Assignment] {
      PrototypeAssignment.assign(
        queryCount: images.count,
        referenceLabels: train.map { knownClasses.firstIndex(of: prepared.images[$0].label)! },
        classCount: knownClasses.count, rule: .mean
      ) { query, reference in similarity(images[query], train[reference]) }
    }

    var nway: [NWayResult] = []
    var skipped: [String] = []
    if !knownImages.isEmpty {
      let result = NWayEvaluation.run(
        labels: knownImages.map(internalLabel), classNames: prepared.classes,
        ways: configuration.nway.ways, trials: configuration.nway.trials,
        seed: configuration.seed, split: "external",
        scorers: [
          externalEmbedded.subset(knownImages, name: "siamese"),
          VectorScorer.pixels(data, images: knownImages),
        ])
      nway = result.results
      skipped = result.skipped
    }

    var assignment: AssignmentMetrics?
    var knownScores: [Double] = []
    if !knownImages.isEmpty {
      let result = assignments(knownImages)
      knownScores = result.map(\.bestScore)
      let truth = knownImages.map { knownClasses.firstIndex(of: internalLabel($0))! }
      let matrix = ConfusionMatrix(
        trueLabels: truth, predicted: result.map(\.predicted), classCount: knownClasses.count)
      assignment = AssignmentMetrics(
        split: "external", rule: "mean similarity to the class's training images",
        classes: names, accuracy: matrix.accuracy ?? 0, confusion: matrix.counts,
        precision: names.indices.map { matrix.precision($0) },
        recall: names.indices.map { matrix.recall($0) })
    }

    var unknown: UnknownMetrics?
    if !knownImages.isEmpty && !unknownImages.isEmpty {
      let unknownScores = assignments(unknownImages).map(\.bestScore)
      let roc = ROCCurve(
        positiveScores: unknownScores.map { -$0 }, negativeScores: knownScores.map { -$0 })
      unknown = UnknownMetrics(
        split: "external",
        heldOut: Set(unknownImages.map { data.images[$0].entry.className }).sorted(),
        auroc: roc.auroc,
        flaggedAtThreshold: Threshold.flaggedShare(unknownScores, below: threshold),
        knownFlaggedAtThreshold: Threshold.flaggedShare(knownScores, below: threshold),
        threshold: threshold, validationImages: 0, knownTestImages: knownImages.count,
        unknownTestImages: unknownImages.count, roc: roc)
    }

    return ExternalMetrics(
      folder: external.listing.root.path, images: data.images.count,
      rejected: data.rejected.count,
      matchedClasses: Set(knownImages.map { data.images[$0].entry.className }).sorted(),
      unknownClasses: Set(unknownImages.map { data.images[$0].entry.className }).sorted(),
      nway: nway, skipped: skipped, assignment: assignment, unknown: unknown)
  }
}
