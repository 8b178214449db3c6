import Evaluation
import Foundation
import Pipeline
import SiameseEngine

extension StudyPipeline {
  /// Scores the trained network, the untrained network, raw pixels and image statistics on
  /// identical N-way trials; assigns test images to classes; measures unknown-class flagging;
  /// and writes the model folder that `predict` reads.
  func evaluate(
    _ prepared: PreparedData, _ assignment: SplitAssignment, preprocessHash: String,
    splitHash: String, training: StageRunner.Output, external: ExternalData?
  ) throws -> StageRunner.Output? {
    var key = StageKey(stage: "evaluation", version: Version.evaluation)
    key.add(parameter: "nway", configuration.nway)
    key.add(parameter: "unknownClass", configuration.unknownClass)
    key.add(parameter: "preprocessing", configuration.preprocessing)
    key.add(seed: configuration.seed)
    key.add(input: "preprocess", hash: preprocessHash)
    key.add(input: "split", hash: splitHash)
    key.add(input: "training", hash: training.hash)
    if let external {
      key.add(input: "external", hash: external.hash)
      key.add(input: "externalExcluded", hash: external.exclusionHash)
    }
    return try runner.run(.evaluation, key: key) { folder in
      let output = try evaluation(
        prepared, assignment, training: training, external: external, modelFolder: folder)
      try StageFiles.writeJSON(output, to: folder.appendingPathComponent("evaluation.json"))
    }
  }

  private func evaluation(
    _ prepared: PreparedData, _ assignment: SplitAssignment, training: StageRunner.Output,
    external: ExternalData?, modelFolder: URL
  ) throws -> EvaluationOutput {
    let (trained, initial) = try loadNetworks(training.folder)
    let known = knownLabels(prepared)
    let train = knownImages(prepared, assignment, .train)
    let validation = knownImages(prepared, assignment, .validation)
    let testKnown = knownImages(prepared, assignment, .test)
    let testUnknown = assignment.images(in: .test).filter {
      !known.contains(prepared.images[$0].label)
    }

    let embedded = try EmbeddedImages(
      network: trained, data: prepared, images: train + validation + testKnown + testUnknown,
      name: "trained", log: log)
    let untrained = try EmbeddedImages(
      network: initial, data: prepared, images: train + testKnown, name: "untrained", log: log)

    var nway: [NWayResult] = []
    var skipped: [String] = []
    for (split, images, baselines) in [
      ("test", testKnown, true), ("train", train, false),
    ] {
      var scorers = [
        embedded.subset(images, name: "siamese"), untrained.subset(images, name: "untrained"),
        VectorScorer.pixels(prepared, images: images),
      ]
      if baselines { scorers.append(VectorScorer.imageStatistics(prepared, images: images)) }
      let result = NWayEvaluation.run(
        labels: images.map { prepared.images[$0].label }, classNames: prepared.classes,
        ways: configuration.nway.ways, trials: configuration.nway.trials,
        seed: configuration.seed, split: split, scorers: scorers)
      nway += result.results
      skipped += result.skipped
      try Interruption.check()
    }

    let knownClasses = known.sorted()
    let assignmentMetrics = assign(
      prepared, queries: testKnown, references: train, classes: knownClasses, embedded)
    let unknown = unknownMetrics(
      prepared, validation: validation, testKnown: testKnown, testUnknown: testUnknown,
      references: train, classes: knownClasses, embedded)
    let map = embeddingMap(
      embedded, test: testKnown + testUnknown, train: train, prepared: prepared)

    let cutoff =
      unknown?.threshold ?? threshold(prepared, validation, train, knownClasses, embedded)
    let externalMetrics = try external.map {
      try evaluateExternal(
        $0, internal: prepared, train: train, knownClasses: knownClasses, trained: trained,
        threshold: cutoff)
    }
    try writeConfiguration(to: modelFolder.appendingPathComponent("model"))
    try ModelFolder(
      classes: knownClasses.map { prepared.classes[$0] }, tower: tower,
      preprocessing: configuration.preprocessing, rule: AssignmentRule.mean.rawValue,
      threshold: cutoff,
      keepKnown: configuration.unknownClass.keepKnown,
      prototypeLabels: train.map { knownClasses.firstIndex(of: prepared.images[$0].label)! }
    ).write(
      to: modelFolder.appendingPathComponent("model"), network: trained,
      prototypes: embedded.embeddings(of: train))

    return EvaluationOutput(
      nway: nway, skipped: skipped, assignment: assignmentMetrics, unknown: unknown, map: map,
      external: externalMetrics)
  }

  /// Refuses, before training, N-way settings of which no N can be scored on the test split:
  /// finding out after minutes of training would waste them, and a report without a single
  /// N-way result has nothing to say. Single N that cannot run are reported as skipped.
  func checkNWayCanRun(_ prepared: PreparedData, _ assignment: SplitAssignment)
    throws(StudyError)
  {
    let labels = knownImages(prepared, assignment, .test).map { prepared.images[$0].label }
    let counts = Dictionary(labels.map { ($0, 1) }, uniquingKeysWith: +)
    // A trial needs an anchor class with two test images and N − 1 images of other classes.
    let others = counts.filter { $0.value >= 2 }.map { labels.count - $0.value }
    let largest = (others.min() ?? 0) + 1
    if configuration.nway.ways.contains(where: { $0 <= largest }) { return }
    let ways = configuration.nway.ways.map(String.init).joined(separator: ", ")
    throw .badConfiguration(
      file: request.configurationName,
      reason: "nway.ways: none of \(ways) can be scored on the test split, whose "
        + "\(Format.count(labels.count, "image")) of trained classes allow at most "
        + (largest >= 2 ? "\(largest)-way trials" : "no trial")
        + "; choose smaller N")
  }

  /// The study configuration that trained the model, beside it.
  private func writeConfiguration(to folder: URL) throws {
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    try Data((configuration.canonicalJSON + "\n").utf8).write(
      to: folder.appendingPathComponent("configuration.json"))
  }

  /// Scores of every query against the known classes, by the mean similarity to each class's
  /// training images.
  private func classAssignments(
    _ prepared: PreparedData, queries: [Int], references: [Int], classes: [Int],
    _ embedded: EmbeddedImages
  ) -> [Assignment] {
    let referenceLabels = references.map { classes.firstIndex(of: prepared.images[$0].label)! }
    return PrototypeAssignment.assign(
      queryCount: queries.count, referenceLabels: referenceLabels, classCount: classes.count,
      rule: .mean
    ) { query, reference in
      embedded.similarity(queries[query], references[reference])
    }
  }

  private func assign(
    _ prepared: PreparedData, queries: [Int], references: [Int], classes: [Int],
    _ embedded: EmbeddedImages
  ) -> AssignmentMetrics? {
    guard !queries.isEmpty else { return nil }
    let assignments = classAssignments(
      prepared, queries: queries, references: references, classes: classes, embedded)
    let truth = queries.map { classes.firstIndex(of: prepared.images[$0].label)! }
    let matrix = ConfusionMatrix(
      trueLabels: truth, predicted: assignments.map(\.predicted), classCount: classes.count)
    return AssignmentMetrics(
      split: "test", rule: "mean similarity to the class's training images",
      classes: classes.map { prepared.classes[$0] }, accuracy: matrix.accuracy ?? 0,
      confusion: matrix.counts, precision: classes.indices.map { matrix.precision($0) },
      recall: classes.indices.map { matrix.recall($0) })
  }

  /// The threshold on the highest class score that keeps `keepKnown` of the known-class
  /// validation images.
  private func threshold(
    _ prepared: PreparedData, _ validation: [Int], _ train: [Int], _ classes: [Int],
    _ embedded: EmbeddedImages
  ) -> Double {
    let scores = classAssignments(
      prepared, queries: validation, references: train, classes: classes, embedded
    ).map(\.bestScore)
    return Threshold.keeping(configuration.unknownClass.keepKnown, of: scores)
  }

  private func unknownMetrics(
    _ prepared: PreparedData, validation: [Int], testKnown: [Int], testUnknown: [Int],
    references: [Int], classes: [Int], _ embedded: EmbeddedImages
  ) -> UnknownMetrics? {
    guard !testUnknown.isEmpty, !testKnown.isEmpty, !validation.isEmpty else { return nil }
    let threshold = threshold(prepared, validation, references, classes, embedded)
    func best(_ images: [Int]) -> [Double] {
      classAssignments(
        prepared, queries: images, references: references, classes: classes, embedded
      ).map(\.bestScore)
    }
    let knownScores = best(testKnown)
    let unknownScores = best(testUnknown)
    // Unknown is the positive class, and a low best score means "unknown".
    let roc = ROCCurve(
      positiveScores: unknownScores.map { -$0 }, negativeScores: knownScores.map { -$0 })
    let heldOut = Set(testUnknown.map { prepared.images[$0].entry.className }).sorted()
    return UnknownMetrics(
      split: "test", heldOut: heldOut, auroc: roc.auroc,
      flaggedAtThreshold: Threshold.flaggedShare(unknownScores, below: threshold),
      knownFlaggedAtThreshold: Threshold.flaggedShare(knownScores, below: threshold),
      threshold: threshold, validationImages: validation.count, knownTestImages: testKnown.count,
      unknownTestImages: testUnknown.count, roc: roc)
  }

  private func embeddingMap(
    _ embedded: EmbeddedImages, test: [Int], train: [Int], prepared: PreparedData
  ) -> EmbeddingMap? {
    guard test.count >= 3 else { return nil }
    let pca = PrincipalComponents(
      rows: embedded.embeddings(of: test), dimension: embedded.scorer.dimension, components: 2)
    var points: [EmbeddingMap.Point] = []
    for (image, xy) in zip(test, pca.coordinates) {
      points.append(.init(x: xy[0], y: xy[1], label: prepared.images[image].label, split: "test"))
    }
    for (image, xy) in zip(train, pca.project(embedded.embeddings(of: train))) {
      points.append(.init(x: xy[0], y: xy[1], label: prepared.images[image].label, split: "train"))
    }
    return EmbeddingMap(explainedVarianceRatio: pca.explainedVarianceRatio, points: points)
  }
}

extension EmbeddedImages {
  /// A scorer over `images` only, in that order, for N-way trials.
  func subset(_ images: [Int], name: String) -> VectorScorer {
    VectorScorer(
      name: name, dimension: scorer.dimension, vectors: embeddings(of: images),
      weights: scorer.weights, bias: scorer.bias)
  }

  /// The embeddings of `images`, row after row.
  func embeddings(of images: [Int]) -> [Float] {
    var rows: [Float] = []
    rows.reserveCapacity(images.count * scorer.dimension)
    for image in images {
      let start = position[image]! * scorer.dimension
      rows += scorer.vectors[start..<(start + scorer.dimension)]
    }
    return rows
  }
}
