import Foundation
import Phantoms
import TestSupport

/// A scratch project for command-line tests: a phantom dataset, a report folder and a
/// configuration file, all under one temporary folder.
struct CLIFixture {
  let root: URL
  let data: URL
  let output: URL

  init(perClass: Int = 24) throws {
    root = try TemporaryDirectory.make(prefix: "cli-test")
    data = root.appendingPathComponent("data/phantoms")
    output = root.appendingPathComponent("reports/phantoms")
    try Phantoms.writeDataset(to: data, perClass: perClass, seed: 1)
  }

  func remove() {
    try? FileManager.default.removeItem(at: root)
  }

  /// Writes `json` as a configuration file and returns its path.
  func writeConfiguration(_ json: String, name: String = "study.json") throws -> String {
    let url = root.appendingPathComponent(name)
    try Data(json.utf8).write(to: url)
    return url.path
  }

  /// A configuration for a run of a second or two: the small tower on 32 × 32 images. One
  /// thread, like every in-process run of the tests (and every command here passes
  /// `--threads 1`): the thread count is process-wide, and a run asking for another would
  /// change the bytes of a run going on beside it.
  static let tinyConfiguration = """
    {"threads": 1, "preprocessing": {"size": 32}, "split": {"train": 4, "validation": 4},
     "pairs": {"batchSize": 10},
     "training": {"network": "small", "maxEpochs": 2, "stepsPerEpoch": 2,
                  "validationPairs": 20},
     "nway": {"ways": [2, 5], "trials": 100}}
    """
}

/// The built `siamese-report` executable, run as a child process.
enum Executable {
  /// `<package>/.build/release/siamese-report`, found from this file's path; nil when it has
  /// not been built (`swift test -c release` builds it).
  static var url: URL? {
    let package = URL(fileURLWithPath: #filePath)
      .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let url = package.appendingPathComponent(".build/release/siamese-report")
    return FileManager.default.isExecutableFile(atPath: url.path) ? url : nil
  }

  static let missingReason =
    ".build/release/siamese-report is not built; run 'swift build -c release' first"

  /// A started child whose stdout and stderr go to files (a pipe could fill up and block it).
  final class Child {
    let process = Process()
    let stdoutFile: URL
    let stderrFile: URL

    init(_ arguments: [String], in folder: URL) throws {
      let executable = try requireExecutable()
      stdoutFile = folder.appendingPathComponent("stdout-\(UUID().uuidString).txt")
      stderrFile = folder.appendingPathComponent("stderr-\(UUID().uuidString).txt")
      for file in [stdoutFile, stderrFile] {
        guard FileManager.default.createFile(atPath: file.path, contents: nil) else {
          throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: file.path])
        }
      }
      process.executableURL = executable
      process.arguments = arguments
      process.currentDirectoryURL = folder
      process.standardOutput = try FileHandle(forWritingTo: stdoutFile)
      process.standardError = try FileHandle(forWritingTo: stderrFile)
      try process.run()
    }

    var stdout: String { (try? String(contentsOf: stdoutFile, encoding: .utf8)) ?? "" }
    var stderr: String { (try? String(contentsOf: stderrFile, encoding: .utf8)) ?? "" }

    /// Waits for the child, killing it after `limit` seconds so that a hung child cannot hang
    /// the suite; returns its exit status (128 + signal when a signal ended it).
    func wait(limit: TimeInterval = 120) -> Int32 {
      let watchdog = DispatchWorkItem { [process] in
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
      }
      DispatchQueue.global().asyncAfter(deadline: .now() + limit, execute: watchdog)
      process.waitUntilExit()
      watchdog.cancel()
      return process.terminationReason == .uncaughtSignal
        ? 128 + process.terminationStatus : process.terminationStatus
    }
  }

  /// Runs the executable to the end.
  static func run(_ arguments: [String], in folder: URL) throws -> (
    status: Int32, stdout: String, stderr: String
  ) {
    let child = try Child(arguments, in: folder)
    let status = child.wait()
    return (status, child.stdout, child.stderr)
  }
}

struct ExecutableMissing: Error, CustomStringConvertible {
  var description: String { Executable.missingReason }
}

private func requireExecutable() throws -> URL {
  guard let url = Executable.url else { throw ExecutableMissing() }
  return url
}
