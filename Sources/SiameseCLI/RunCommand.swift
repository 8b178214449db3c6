import Foundation
import Pipeline
import Study

/// `siamese-report [run]`: runs the study and writes the report.
enum RunCommand {
  static func run(_ parsed: ParsedArguments) throws -> Int32 {
    let request = try makeRequest(parsed)
    let log = Log(quiet: parsed.has("quiet"))
    Interruption.install()
    let outcome = try StudyRunner.run(request, log: log)
    let ran = outcome.stages.filter { $0.action == "run" }.map(\.name)
    log.info(
      "done: \(ran.isEmpty ? "no stage ran" : "ran " + ran.joined(separator: ", ")); "
        + "report in \(outcome.reportFolder.path)")
    return CommandLineTool.ExitCode.success
  }

  /// The request shared by `run` and `status`.
  static func makeRequest(_ parsed: ParsedArguments) throws -> RunRequest {
    let forced = try forcedStages(parsed)
    let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    func path(_ name: String) -> URL? {
      parsed.value(name).map { URL(fileURLWithPath: $0, relativeTo: cwd).standardizedFileURL }
    }

    var configuration = StudyConfiguration()
    var source = "defaults"
    if let file = path("config") {
      configuration = try StudyConfiguration.load(from: file)
      source = parsed.value("config")!
    }
    if let text = parsed.value("seed") {
      guard let seed = UInt64(text) else {
        throw UsageError(
          message: "--seed needs a whole number from 0 to \(UInt64.max), got '\(text)'",
          command: parsed.command)
      }
      configuration.seed = seed
    }
    if let threads = try integerOption(parsed, "threads", range: 1...64) {
      configuration.threads = threads
    }
    let template = try path("template").map { try ReportTemplate.load(from: $0) }
    return RunRequest(
      dataFolder: path("data"), outputFolder: path("out"), configuration: configuration,
      configurationSource: source, selfContained: parsed.has("self-contained"),
      template: template, externalFolder: path("external"), forcedStages: forced,
      projectRoot: cwd, programVersion: ProgramVersion.describe())
  }

  /// The --force values, checked here so that a misspelt stage is a command-line mistake
  /// (exit 2) that names the valid stages, not a data problem.
  static func forcedStages(_ parsed: ParsedArguments) throws(UsageError) -> Set<String> {
    let valid = StageName.allCases.map(\.rawValue) + ["all"]
    for name in parsed.all("force") where !valid.contains(name) {
      throw UsageError(
        message: "--force: unknown stage '\(name)'"
          + ArgumentParser.suggestion(for: name, among: Set(valid), prefix: "--force ")
          + "; stages are: " + valid.joined(separator: ", "),
        command: parsed.command)
    }
    return Set(parsed.all("force"))
  }
}

/// `siamese-report status`: which stages are up to date, and why the others are stale.
enum StatusCommand {
  static func run(_ parsed: ParsedArguments) throws -> Int32 {
    let request = try RunCommand.makeRequest(parsed)
    let records = try StudyRunner.status(request, log: Log(quiet: true))
    let width = records.map(\.name.count).max() ?? 8
    for record in records {
      let states = ["reused": "up to date", "run": "checked", "pending": "may rerun"]
      let state = states[record.action] ?? "stale"
      let name = record.name.padding(toLength: width, withPad: " ", startingAt: 0)
      print(
        "\(name)  \(state.padding(toLength: 10, withPad: " ", startingAt: 0))  \(record.reason)")
    }
    return CommandLineTool.ExitCode.success
  }
}
