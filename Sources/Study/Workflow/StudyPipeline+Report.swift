import Foundation
import Pipeline
import SiameseEngine

extension StudyPipeline {
  /// Runs (or reuses) the figures and report stages and returns the folder holding the
  /// finished report.
  func report(_ products: Products, started: Date, blas: BLASInfo, previous: ReportManifest?)
    throws -> URL
  {
    let evaluationFolder = products.evaluationFolder
    var results = StudyResults(
      title: "Few-shot study: " + locations.datasetName, datasetName: locations.datasetName,
      datasetFolder: locations.dataFolder, synthetic: locations.synthetic,
      configuration: configuration, configurationSource: request.configurationSource,
      listing: products.listing, prepared: products.prepared, split: products.split,
      trainImages: knownImages(products.prepared, products.split, .train),
      pairSample: products.pairSample,
      nway: products.evaluation.nway, nwaySkipped: products.evaluation.skipped,
      trainedClasses: knownLabels(products.prepared).sorted(), history: products.history,
      layers: SiameseNetwork(configuration: tower, seed: 0).layerSummary(),
      assignment: products.evaluation.assignment, unknown: products.evaluation.unknown,
      map: products.evaluation.map, external: products.evaluation.external, stages: [],
      run: runInformation(products, started: started, blas: blas), changes: nil)

    let snapshot = results
    let figures = try runner.run(.figures, key: figuresKey(products)) { folder in
      try ReportFigures.writeAll(snapshot, into: folder)
    }!

    let template = try request.template ?? ReportTemplate.builtIn()
    let images = Dictionary(grouping: products.prepared.images, by: \.entry.className)
      .mapValues { $0.map(\.entry.file) }
    var manifest = ReportManifest(
      program: results.run.programVersion, startedAt: results.run.startedAt, seconds: 0,
      stages: [], run: results.run, images: images,
      headline: ReportText.headlineMetrics(results),
      imageHashes: imageHashes(products), parameters: parameters(template))
    results.changes = PreviousReport.compare(previous, with: manifest)
    let reportKey = reportKey(products, figuresHash: figures.hash, template: template)

    let output = try runner.run(.report, key: reportKey) { folder in
      try ReportWriter.copyFigures(from: figures.folder, into: folder)
      try StudyRunner.copyContents(
        of: evaluationFolder.appendingPathComponent("model"),
        into: folder.appendingPathComponent("model"), linking: true)

      // the report stage's own row says it ran and why; its time is the time until the text
      // is written, since the text cannot wait for its own end
      results.stages = runner.recordsIncludingRunning()
      results.run.seconds = Date().timeIntervalSince(started)
      let writer = ReportWriter(
        results: results, template: template, selfContained: request.selfContained)
      try writer.write(into: folder)
      manifest.seconds = results.run.seconds
      manifest.stages = results.stages
      manifest.run = results.run
      manifest.editableHashes = try ReportManifest.editableHashes(below: folder)
      manifest.files = (ReportManifest.files(below: folder)
        + [ReportManifest.fileName, ReportStamp.fileName]).sorted()
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
      try encoder.encode(manifest).write(to: folder.appendingPathComponent(ReportManifest.fileName))
      try Data(reportKey.digest.utf8).write(to: folder.appendingPathComponent(ReportStamp.fileName))
    }!
    return output.folder
  }

  /// Content hash of each usable image, so the next report can tell a changed file.
  private func imageHashes(_ products: Products) -> [String: String] {
    let hashes = Dictionary(
      products.scan.fingerprints.map { ($0.path, $0.sha256) }, uniquingKeysWith: { a, _ in a })
    return Dictionary(
      uniqueKeysWithValues: products.prepared.images.compactMap { image in
        hashes[image.entry.file].map { (image.entry.file, $0) }
      })
  }

  /// Every parameter the next report compares with: the configuration and the inputs given
  /// on the command line.
  private func parameters(_ template: ReportTemplate) -> [String: String] {
    var values = Dictionary(
      configuration.flattened.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a })
    values["--external"] = request.externalFolder?.standardizedFileURL.path ?? "none"
    values["--template"] = request.template == nil ? "built-in" : template.source
    return values
  }

  func figuresKey(_ products: Products) -> StageKey {
    var key = StageKey(stage: "figures", version: Version.figures)
    key.add(input: "preprocess", hash: products.preprocessHash)
    key.add(input: "split", hash: products.splitHash)
    key.add(input: "pairs", hash: products.pairsHash)
    key.add(input: "training", hash: products.trainingHash)
    key.add(input: "evaluation", hash: products.evaluationHash)
    return key
  }

  /// The report's inputs. The comparison with the previous report is not one of them: a rerun
  /// with nothing changed keeps the report it has, rather than rewriting it to compare with
  /// itself.
  func reportKey(_ products: Products, figuresHash: String, template: ReportTemplate) -> StageKey {
    var key = StageKey(stage: "report", version: Version.report)
    // One parameter per setting, so that a stale report names the setting that changed.
    for (name, value) in configuration.flattened { key.add(parameter: name, value) }
    key.add(parameter: "configurationSource", request.configurationSource)
    key.add(parameter: "selfContained", request.selfContained)
    key.add(parameter: "dataset", locations.datasetName)
    key.add(input: "template", hash: SHA256.hex(template.text))
    key.add(input: "figures", hash: figuresHash)
    key.add(input: "evaluation", hash: products.evaluationHash)
    key.add(input: "training", hash: products.trainingHash)
    key.add(input: "split", hash: products.splitHash)
    key.add(input: "preprocess", hash: products.preprocessHash)
    return key
  }

  func runInformation(_ products: Products, started: Date, blas: BLASInfo) -> RunInformation {
    let formatter = ISO8601DateFormatter()
    return RunInformation(
      programVersion: request.programVersion, swiftVersion: SystemFacts.swiftVersion,
      blasCore: blas.core, threads: blas.threads, cpu: SystemFacts.cpuDescription,
      startedAt: formatter.string(from: started), seconds: 0,
      imageCount: products.scan.fingerprints.count, dataFingerprint: products.scan.hash,
      seed: configuration.seed)
  }
}

/// Facts about the machine and the build, for the run information.
enum SystemFacts {
  /// The language version the program was compiled with (the compiler's own version is not
  /// visible to the program; the language version tracks it release by release).
  static var swiftVersion: String {
    #if swift(>=6.4)
      return "6.4 or later"
    #elseif swift(>=6.3.1)
      return "6.3.1"
    #elseif swift(>=6.3)
      return "6.3"
    #elseif swift(>=6.2)
      return "6.2"
    #elseif swift(>=6.1)
      return "6.1"
    #else
      return "6.0"
    #endif
  }

  /// "AMD EPYC, 2 cores" from /proc/cpuinfo, or the core count alone elsewhere.
  static var cpuDescription: String {
    let cores = ProcessInfo.processInfo.activeProcessorCount
    let text = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
    let model = text.split(separator: "\n").first { $0.hasPrefix("model name") }
      .flatMap { $0.split(separator: ":", maxSplits: 1).last }
      .map { $0.trimmingCharacters(in: .whitespaces) }
    return (model.map { $0 + ", " } ?? "") + Format.count(cores, "core")
  }
}
