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
  /// external files left out of every score: byte-identical to a main-dataset file
  public var excluded: [ExcludedCopy]
  /// distinct external images the N-way trials draw from (those of matched classes)
  public var nwayImages: Int

  /// Excluded copies of main images the model trained on or was selected on.
  public var excludedTrainOrValidation: Int { excluded.filter(\.leaks).count }
}

/// An external file whose bytes equal those of a main-dataset file, and that file's role.
public struct ExcludedCopy: Sendable, Codable, Equatable {
  /// What the main dataset's copy was used for.
  public enum Role: String, Sendable, Codable {
    /// trained on (a trained class's image in the train split)
    case train
    /// chose the threshold and the best epoch (a trained class's validation image)
    case validation
    /// scored on the internal test split
    case test
    /// neither: a held-out class's image outside the test split, or a file the main
    /// preprocessing rejected
    case unused
  }

  /// path inside the external folder
  public var file: String
  /// path inside the main dataset folder
  public var mainFile: String
  public var mainRole: Role

  /// Whether the main copy trained or selected the model, so that scoring it would leak.
  public var leaks: Bool { mainRole == .train || mainRole == .validation }
}

/// An external dataset, listed and fingerprinted.
struct ExternalData {
  /// the files to score: every listed file but the `excluded` ones
  var listing: DatasetListing
  /// the scan of every listed file, excluded ones included
  let hash: String
  let fingerprints: [FileFingerprint]
  var excluded: [ExcludedCopy] = []

  /// What the excluded set is, for the evaluation key: the external scan hash alone does not
  /// change when only the main dataset or its split changes which files are copies.
  var exclusionHash: String {
    var hasher = SHA256.Hasher()
    for copy in excluded {
      hasher.update(string: "\(copy.file)\t\(copy.mainFile)\t\(copy.mainRole.rawValue)\n")
    }
    return hasher.finalize()
  }
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
    return ExternalData(listing: listing, hash: scan.hash, fingerprints: scan.fingerprints)
  }

  /// Leaves out of `external` every file byte-identical to a main-dataset image, so that
  /// copies of training or validation images cannot inflate the external figures, and warns.
  ///
  /// Exact SHA-256 matches only. The split's near-duplicate detector compares 16×16 thumbnails,
  /// which the preprocessing stage does not keep: reusing it here would mean decoding every
  /// main image again on each evaluation (or changing what preprocessing stores), so re-encoded
  /// or rescaled copies are still scored.
  func excludingMainCopies(
    _ external: ExternalData, main scan: ScanResult, prepared: PreparedData,
    assignment: SplitAssignment
  ) -> ExternalData {
    let images = Set(scan.entries.map(\.file))
    let known = knownLabels(prepared)
    var roles: [String: ExcludedCopy.Role] = [:]
    for (index, image) in prepared.images.enumerated() {
      let split = assignment.splitOfImage[index]
      if split == .test {
        roles[image.entry.file] = .test
      } else if !known.contains(image.label) {
        roles[image.entry.file] = .unused
      } else {
        roles[image.entry.file] = split == .train ? .train : .validation
      }
    }

    // One main file per content; of several, the one whose use leaks most is named.
    let rank: [ExcludedCopy.Role] = [.train, .validation, .test, .unused]
    var mainCopy: [String: (file: String, role: ExcludedCopy.Role)] = [:]
    for fingerprint in scan.fingerprints where images.contains(fingerprint.path) {
      let role = roles[fingerprint.path] ?? .unused
      if let kept = mainCopy[fingerprint.sha256],
        rank.firstIndex(of: kept.role)! <= rank.firstIndex(of: role)!
      {
        continue
      }
      mainCopy[fingerprint.sha256] = (fingerprint.path, role)
    }

    var result = external
    result.excluded = external.fingerprints.compactMap { fingerprint in
      guard let copy = mainCopy[fingerprint.sha256] else { return nil }
      return ExcludedCopy(file: fingerprint.path, mainFile: copy.file, mainRole: copy.role)
    }
    guard !result.excluded.isEmpty else { return result }

    let left = Set(result.excluded.map(\.file))
    let listing = external.listing
    result.listing = DatasetListing(
      root: listing.root, classes: listing.classes,
      entries: listing.entries.filter { !left.contains($0.file) },
      metadataFile: listing.metadataFile)
    let leaking = result.excluded.filter(\.leaks).count
    log.warning(
      "\(Format.count(result.excluded.count, "external file")) byte-identical to main-dataset "
        + "images (\(leaking) of them training or validation images) left out of the "
        + "external scores, e.g. \(result.excluded[0].file) = \(result.excluded[0].mainFile)")
    return result
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
      nway: nway, skipped: skipped, assignment: assignment, unknown: unknown,
      excluded: external.excluded, nwayImages: knownImages.count)
  }
}
