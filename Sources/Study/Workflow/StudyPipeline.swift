import Evaluation
import Foundation
import Pipeline

/// The study's stages wired to the cache. Each stage declares its inputs in a `StageKey`:
/// its implementation version, the parameters it reads, the seed, and the hashes of the data
/// and upstream outputs it consumes.
struct StudyPipeline {
  let request: RunRequest
  let locations: RunLocations
  let runner: StageRunner
  let log: Log

  var configuration: StudyConfiguration { request.configuration }

  /// Implementation versions: bump one when a stage's code changes what it produces, so that
  /// cached results of the old code are not reused.
  enum Version {
    static let preprocess = 1
    static let split = 2
    static let pairs = 1
    static let training = 1
    static let evaluation = 1
    static let figures = 2
    static let report = 5
  }

  /// Everything the report needs, loaded from the stages' outputs.
  struct Products {
    var listing: DatasetListing
    var scan: ScanResult
    var prepared: PreparedData
    var preprocessHash: String
    var split: SplitAssignment
    var splitHash: String
    var pairSample: PairBatch
    var pairsHash: String
    var history: TrainingHistory
    var trainingHash: String
    var evaluation: EvaluationOutput
    var evaluationHash: String
    /// the evaluation stage's folder, which holds the model folder
    var evaluationFolder: URL
  }

  func execute() throws -> Products {
    let products = try walk()!
    try verifyUnchanged(products.scan.fingerprints, root: products.listing.root)
    return products
  }

  /// Walks the stages in dry-run mode: each stage is reported up to date when its key has a
  /// cached result, using the recorded output hashes of up-to-date stages for the keys after
  /// them; a stage after a stale one is stale because of it.
  func checkStatus() throws {
    guard let products = try walk() else { return markRest() }
    guard let figures = try runner.run(.figures, key: figuresKey(products), produce: { _ in })
    else { return markRest() }
    let template = try request.template ?? ReportTemplate.builtIn()
    _ = try runner.run(
      .report, key: reportKey(products, figuresHash: figures.hash, template: template),
      produce: { _ in })
  }

  /// Runs or reuses the stages up to the evaluation; nil in a dry run once a stage is stale.
  private func walk() throws -> Products? {
    let (listing, scan) = try scanData()
    try checkHeldOut(listing)
    guard let preprocessed = try preprocess(listing: listing, scan: scan) else { return nil }
    let prepared = try loadPrepared(preprocessed.folder)
    guard let splitOutput = try split(prepared, preprocessHash: preprocessed.hash) else {
      return nil
    }
    let assignment = try StageFiles.readJSON(
      SplitAssignment.self, from: splitOutput.folder.appendingPathComponent("split.json"))
    let pairsOutput = try pairs(
      prepared, trainImages: knownImages(prepared, assignment, .train),
      splitHash: splitOutput.hash)
    try checkNWayCanRun(prepared, assignment)
    guard let training = try train(prepared, assignment) else { return nil }
    let external = try scanExternal().map {
      excludingMainCopies($0, main: scan, prepared: prepared, assignment: assignment)
    }
    let evaluation = try evaluate(
      prepared, assignment, preprocessHash: preprocessed.hash, splitHash: splitOutput.hash,
      training: training, external: external)
    guard let pairsOutput, let evaluation else { return nil }
    return Products(
      listing: listing, scan: scan, prepared: prepared, preprocessHash: preprocessed.hash,
      split: assignment, splitHash: splitOutput.hash,
      pairSample: try StageFiles.readJSON(
        PairBatch.self, from: pairsOutput.folder.appendingPathComponent("pairs.json")),
      pairsHash: pairsOutput.hash,
      history: try StageFiles.readJSON(
        TrainingHistory.self, from: training.folder.appendingPathComponent("history.json")),
      trainingHash: training.hash,
      evaluation: try StageFiles.readJSON(
        EvaluationOutput.self, from: evaluation.folder.appendingPathComponent("evaluation.json")),
      evaluationHash: evaluation.hash, evaluationFolder: evaluation.folder)
  }

  /// In a dry run, marks every stage not yet looked at as pending on the first stale one.
  private func markRest() {
    let seen = Set(runner.records.map(\.name))
    let stale = runner.records.first { $0.action == "stale" }?.name ?? "an earlier stage"
    for stage in StageName.allCases where !seen.contains(stage.rawValue) {
      if runner.forced.contains(stage) {
        runner.recordForced(stage)
        continue
      }
      runner.recordPending(
        stage, reason: "reruns only if what \(stale) makes when it reruns differs from before")
    }
  }

  // MARK: - Stages

  /// Lists the folder and fingerprints its files (rehashing only files whose size, time or
  /// inode changed since the last run). Not cached: it is what tells whether data changed.
  func scanData() throws -> (DatasetListing, ScanResult) {
    let start = Date()
    let listing = try DatasetListing.scan(locations.dataFolder)
    var files = listing.entries.map { listing.root.appendingPathComponent($0.file) }
    if let metadata = listing.metadataFile { files.append(metadata) }
    let indexURL = locations.stateFolder.appendingPathComponent("fingerprints.json")
    var index = FingerprintIndex.load(from: indexURL)
    if let warning = index.loadWarning { log.warning(warning) }
    let previous = ScanResult.loadLatest(from: locations.stateFolder)
    let result = try index.fingerprint(files: files, relativeTo: listing.root)
    index.forgetFiles(except: result.fingerprints.keys)
    try index.save(to: indexURL)

    let scan = ScanResult(
      fingerprints: result.sorted, entries: listing.entries, classes: listing.classes)
    let changes = previous.map { FileSetChanges(old: $0.fingerprints, new: scan.fingerprints) }
    // `status` only looks: if it recorded its scan as the latest, the next run (and the next
    // `status`) would no longer see the files added or changed since the last run.
    if !runner.dryRun { try scan.saveLatest(to: locations.stateFolder) }
    // both counts grouped alike, so that "1,973 files, 1,973 hashed" reads as one number twice
    var reason =
      "\(Format.count(files.count, "file")), \(Format.count(result.rehashedCount)) hashed"
    if let changes, !changes.isEmpty {
      let counts =
        "\(changes.added.count) added, \(changes.removed.count) removed, "
        + "\(changes.changed.count) changed"
      reason += "; since the last run: " + counts
      runner.inputDetails["images"] = counts
    }
    runner.recordUncached(
      .scan, reason: reason, seconds: Date().timeIntervalSince(start), key: scan.hash)
    if !runner.dryRun { log.info("· scan: \(reason)") }
    return (listing, scan)
  }

  func preprocess(listing: DatasetListing, scan: ScanResult) throws -> StageRunner.Output? {
    var key = StageKey(stage: "preprocess", version: Version.preprocess)
    key.add(parameter: "preprocessing", configuration.preprocessing)
    key.add(input: "images", hash: scan.hash)
    return try runner.run(.preprocess, key: key) { folder in
      let prepared = Preparation.prepare(
        listing: listing, settings: configuration.preprocessing, threads: configuration.threads,
        log: log)
      try StageFiles.writeJSON(
        PreparedMetadata(prepared), to: folder.appendingPathComponent("images.json"))
      try StageFiles.writeFloats(prepared.pixels, to: folder.appendingPathComponent("pixels.f32"))
      // The only stage that reads the image files: refuse to cache what it made if any file
      // changed while it read them, since the key names the bytes fingerprinted before.
      try verifyUnchanged(scan.fingerprints, root: listing.root)
    }
  }

  func loadPrepared(_ folder: URL) throws -> PreparedData {
    let metadata = try StageFiles.readJSON(
      PreparedMetadata.self, from: folder.appendingPathComponent("images.json"))
    let pixels = try StageFiles.readFloats(from: folder.appendingPathComponent("pixels.f32"))
    return metadata.prepared(pixels: pixels)
  }

  func split(_ prepared: PreparedData, preprocessHash: String) throws -> StageRunner.Output? {
    var key = StageKey(stage: "split", version: Version.split)
    key.add(parameter: "split", configuration.split)
    key.add(parameter: "heldOut", configuration.unknownClass.heldOut)
    key.add(seed: configuration.seed)
    key.add(input: "images", hash: preparedIdentity(prepared))
    return try runner.run(.split, key: key) { folder in
      let classes = prepared.images.map(\.label)
      let usable = Set(classes).count
      guard usable >= 2 else {
        throw StudyError.tooFewClasses(
          found: Set(prepared.images.map(\.entry.className)).sorted(), needed: 2)
      }
      let duplicates = prepared.duplicates.map { ($0.first, $0.second) }
      let groups = ImageGroups.make(entries: prepared.images.map(\.entry), duplicates: duplicates)
      let assignment = try SplitPlanner.assign(
        labels: classes, classNames: prepared.classes, groups: groups,
        train: configuration.split.train, validation: configuration.split.validation,
        seed: configuration.seed,
        testOnly: Set(prepared.classes.indices).subtracting(knownLabels(prepared)))
      try StageFiles.writeJSON(assignment, to: folder.appendingPathComponent("split.json"))
    }
  }

  /// What the split reads of the prepared data: files, classes, patients and duplicates, not
  /// pixels, so a preprocessing change alone leaves the split as it was.
  func preparedIdentity(_ prepared: PreparedData) -> String {
    var hasher = SHA256.Hasher()
    for image in prepared.images {
      hasher.update(
        string: "\(image.entry.file)\t\(image.entry.className)\t\(image.entry.patientID ?? "")\n")
    }
    for pair in prepared.duplicates { hasher.update(string: "dup \(pair.first) \(pair.second)\n") }
    return hasher.finalize()
  }

  func pairs(_ prepared: PreparedData, trainImages: [Int], splitHash: String) throws
    -> StageRunner.Output?
  {
    var key = StageKey(stage: "pairs", version: Version.pairs)
    key.add(parameter: "batchSize", configuration.pairs.batchSize)
    key.add(seed: configuration.seed)
    key.add(input: "split", hash: splitHash)
    return try runner.run(.pairs, key: key) { folder in
      var sampler = PairSampler(
        labels: trainImages.map { prepared.images[$0].label }, seed: configuration.seed)
      let batch = sampler.nextBatch(size: configuration.pairs.batchSize)
      try StageFiles.writeJSON(batch, to: folder.appendingPathComponent("pairs.json"))
    }
  }
}
