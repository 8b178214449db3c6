import Foundation
import Pipeline
import SiameseEngine

extension StudyPipeline {
  /// The classes that train and form prototypes: all but the held-out ones.
  func knownLabels(_ prepared: PreparedData) -> Set<Int> {
    let heldOut = Set(configuration.unknownClass.heldOut)
    return Set(prepared.classes.indices.filter { !heldOut.contains(prepared.classes[$0]) })
  }

  /// Refuses a held-out name the dataset does not have: ignoring it would train on the class
  /// the user meant to keep unseen. Only the main dataset: an external one may lack classes.
  /// The default (`Virus`) applies where the dataset has that class, so that a dataset of
  /// other classes runs with the defaults; the report then says nothing was held out.
  func checkHeldOut(_ listing: DatasetListing) throws(StudyError) {
    let classes = listing.classes
    let heldOut = configuration.unknownClass.heldOut
    let trained = classes.filter { !heldOut.contains($0) }
    if trained.count < 2 && classes.contains(where: heldOut.contains) {
      throw .badConfiguration(
        file: request.configurationName,
        reason: "unknownClass.heldOut leaves \(Format.count(trained.count, "class")) to train "
          + "on\(trained.isEmpty ? "" : " (" + trained.joined(separator: ", ") + ")") of "
          + "\(listing.root.path); pairs need at least 2, so hold out fewer classes")
    }
    if heldOut == StudyConfiguration.UnknownClassSettings().heldOut { return }
    guard let unknown = heldOut.first(where: { !classes.contains($0) }) else { return }
    let suggestion = Spelling.closeMatch(to: unknown, among: classes)
    throw .badConfiguration(
      file: request.configurationName,
      reason: "unknownClass.heldOut names '\(unknown)', which is not a class of "
        + "\(listing.root.path) (its classes: \(classes.joined(separator: ", ")))"
        + (suggestion.map { "; did you mean '\($0)'?" } ?? "")
        + #"; to hold out no class, set "unknownClass": {"heldOut": []}"#)
  }

  /// Images of `split` whose class is known (not held out).
  func knownImages(_ prepared: PreparedData, _ assignment: SplitAssignment, _ split: Split)
    -> [Int]
  {
    let known = knownLabels(prepared)
    return assignment.images(in: split).filter { known.contains(prepared.images[$0].label) }
  }

  /// The tower the configuration asks for, sized to the preprocessed images.
  var tower: TowerConfiguration { configuration.tower }

  /// Trains on known-class training images, validating on known-class validation images.
  /// Stores the initial weights too, so that the untrained network is scored with exactly the
  /// weights training started from.
  func train(_ prepared: PreparedData, _ assignment: SplitAssignment) throws
    -> StageRunner.Output?
  {
    let trainImages = knownImages(prepared, assignment, .train)
    let validationImages = knownImages(prepared, assignment, .validation)
    var key = StageKey(stage: "training", version: Version.training)
    key.add(parameter: "training", configuration.training)
    key.add(parameter: "batchSize", configuration.pairs.batchSize)
    key.add(parameter: "tower", tower)
    key.add(parameter: "threads", configuration.threads)
    key.add(seed: configuration.seed)
    key.add(input: "trainingImages", hash: contentHash(prepared, trainImages))
    key.add(input: "validationImages", hash: contentHash(prepared, validationImages))

    return try runner.run(.training, key: key) { folder in
      let initial = SiameseNetwork(configuration: tower, seed: configuration.seed)
      try initial.save(to: folder.appendingPathComponent("initial.safetensors"))
      let trainer = Trainer(
        settings: configuration.training, batchSize: configuration.pairs.batchSize,
        seed: configuration.seed, log: log)
      let (trained, history) = try trainer.train(
        network: initial, train: prepared.tensor(of: trainImages),
        trainLabels: trainImages.map { prepared.images[$0].label },
        validation: prepared.tensor(of: validationImages),
        validationLabels: validationImages.map { prepared.images[$0].label })
      try trained.save(to: folder.appendingPathComponent("weights.safetensors"))
      try StageFiles.writeJSON(history, to: folder.appendingPathComponent("history.json"))
      log.info(
        "  trained \(Format.count(history.steps, "step")) in \(formatDuration(history.seconds)) "
          + String(
            format: "(%.1f pairs/s); best epoch %d", history.pairsPerSecond, history.bestEpoch))
    }
  }

  /// Hash of what training reads of some images: their files, labels and preprocessed pixels.
  func contentHash(_ prepared: PreparedData, _ images: [Int]) -> String {
    var hasher = SHA256.Hasher()
    for image in images {
      hasher.update(
        string: "\(prepared.images[image].entry.file)\t\(prepared.images[image].label)\n")
      prepared.pixels(of: image).withUnsafeBytes { hasher.update($0) }
    }
    return hasher.finalize()
  }

  func loadNetworks(_ folder: URL) throws -> (trained: SiameseNetwork, initial: SiameseNetwork) {
    (
      try SiameseNetwork.load(
        from: folder.appendingPathComponent("weights.safetensors"), configuration: tower),
      try SiameseNetwork.load(
        from: folder.appendingPathComponent("initial.safetensors"), configuration: tower)
    )
  }
}
