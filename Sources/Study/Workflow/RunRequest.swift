import Foundation

/// What the user asked a run to do.
public struct RunRequest: Sendable {
  /// dataset folder; nil picks the one dataset under `projectRoot/data`, else the demo set
  public var dataFolder: URL?
  /// report folder; nil means `projectRoot/reports/<dataset name>`
  public var outputFolder: URL?
  public var configuration: StudyConfiguration
  /// "defaults" or the configuration file's path, for the report
  public var configurationSource: String
  public var selfContained: Bool
  public var template: ReportTemplate?
  public var externalFolder: URL?
  /// stages to rerun even when cached ("all" for every stage)
  public var forcedStages: Set<String>
  /// folder holding data/ and reports/ (the current directory)
  public var projectRoot: URL
  /// "siamese-report 0.1.0 (commit abc1234)", for the run information
  public var programVersion: String

  public init(
    dataFolder: URL? = nil, outputFolder: URL? = nil,
    configuration: StudyConfiguration = StudyConfiguration(),
    configurationSource: String = "defaults", selfContained: Bool = false,
    template: ReportTemplate? = nil, externalFolder: URL? = nil, forcedStages: Set<String> = [],
    projectRoot: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath),
    programVersion: String = "siamese-report"
  ) {
    self.programVersion = programVersion
    self.dataFolder = dataFolder
    self.outputFolder = outputFolder
    self.configuration = configuration
    self.configurationSource = configurationSource
    self.selfContained = selfContained
    self.template = template
    self.externalFolder = externalFolder
    self.forcedStages = forcedStages
    self.projectRoot = projectRoot
  }
}

extension RunRequest {
  /// The configuration's name in an error message: its file, or "the default configuration".
  var configurationName: String {
    configurationSource == "defaults" ? "the default configuration" : configurationSource
  }
}

/// Where a run reads its data and writes its report and cache.
struct RunLocations {
  let dataFolder: URL
  let datasetName: String
  let synthetic: Bool
  let outputFolder: URL
  /// stage cache, beside the report folder so that swapping in a new report keeps it
  let cacheFolder: URL
  /// what this report's runs remember between runs (file fingerprints, the latest scan), kept
  /// apart per report because the reports beside it may read other datasets
  var stateFolder: URL {
    cacheFolder.appendingPathComponent("reports").appendingPathComponent(
      outputFolder.lastPathComponent)
  }

  static func resolve(_ request: RunRequest) throws(StudyError) -> RunLocations {
    var dataFolder = request.dataFolder
    var synthetic = false
    if dataFolder == nil {
      let candidates = datasetsUnder(request.projectRoot.appendingPathComponent("data"))
      if candidates.count > 1 {
        throw .severalDatasets(
          folder: request.projectRoot.appendingPathComponent("data").path,
          found: candidates.map(\.lastPathComponent))
      }
      dataFolder = candidates.first
    }

    let name: String
    if let folder = dataFolder {
      name = folder.standardizedFileURL.lastPathComponent
    } else {
      name = "demo"
      synthetic = true
      try checkDemoSize(request)
    }
    let requested =
      request.outputFolder
      ?? request.projectRoot.appendingPathComponent("reports").appendingPathComponent(name)
    var inputs: [(name: String, folder: URL)] = []
    if let dataFolder { inputs.append(("data", dataFolder)) }
    if let external = request.externalFolder { inputs.append(("--external", external)) }
    try OutputFolderSafety.check(
      output: requested, inputs: inputs,
      current: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
    // A link to an earlier report is followed: replacing the folder must not replace the link
    // (and the lock and cache belong beside the real folder).
    let output = OutputFolderSafety.resolved(requested)

    let cache = output.deletingLastPathComponent().appendingPathComponent(".siamese-cache")
    // The demo set does not follow the study seed: changing the seed should redraw the split,
    // the pairs and the weights, not the data.
    let data =
      dataFolder
      ?? cache.appendingPathComponent("demo-data-\(request.configuration.demo.imagesPerClass)")
    return RunLocations(
      dataFolder: data, datasetName: name, synthetic: synthetic,
      outputFolder: output.standardizedFileURL, cacheFolder: cache.standardizedFileURL)
  }

  /// The split's tooFewImages error would blame the class; the setting to change is the demo's.
  static func checkDemoSize(_ request: RunRequest) throws(StudyError) {
    let configuration = request.configuration
    let needed = configuration.split.train + configuration.split.validation + 2
    guard configuration.demo.imagesPerClass < needed else { return }
    throw .badConfiguration(
      file: request.configurationName,
      reason: "demo.imagesPerClass must be at least \(needed) for this split "
        + "(split.train \(configuration.split.train) + split.validation "
        + "\(configuration.split.validation) + 2 for testing), got "
        + "\(configuration.demo.imagesPerClass)")
  }

  /// Folders under data/ that look like datasets: visible folders with at least one visible
  /// sub-folder.
  static func datasetsUnder(_ folder: URL) -> [URL] {
    let manager = FileManager.default
    let names = (try? manager.contentsOfDirectory(atPath: folder.path)) ?? []
    return names.filter { !$0.hasPrefix(".") }.sorted().map { folder.appendingPathComponent($0) }
      .filter { candidate in
        let children = (try? manager.contentsOfDirectory(atPath: candidate.path)) ?? []
        return children.contains { child in
          var isFolder: ObjCBool = false
          return !child.hasPrefix(".")
            && manager.fileExists(
              atPath: candidate.appendingPathComponent(child).path, isDirectory: &isFolder)
            && isFolder.boolValue
        }
      }
  }
}
