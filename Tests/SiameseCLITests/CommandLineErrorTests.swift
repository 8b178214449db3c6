import Foundation
import SiameseCLI
import Study
import Testing

/// Errors a user can fix end the program with exit code 3 and a message saying what is wrong.
@Suite struct CommandLineErrorTests {
  @Test func unknownConfigurationKeyIsNamedWithTheValidOnes() throws {
    let fixture = try CLIFixture(perClass: 1)
    defer { fixture.remove() }
    let config = try fixture.writeConfiguration(#"{"nway": {"trails": 10}}"#)

    let status = CommandLineTool.main([
      "run", "--config", config, "--data", fixture.data.path, "--out", fixture.output.path,
      "--quiet", "--threads", "1",
    ])
    #expect(status == CommandLineTool.ExitCode.fixableInput)
    #expect(!FileManager.default.fileExists(atPath: fixture.output.path))

    #expect(
      throws: StudyError.unknownConfigurationKey(
        file: config, key: "nway.trails", valid: ["trials", "ways"])
    ) {
      _ = try StudyConfiguration.load(from: URL(fileURLWithPath: config))
    }
  }

  @Test func missingDataFolderExitsWithThree() throws {
    let fixture = try CLIFixture(perClass: 1)
    defer { fixture.remove() }
    let status = CommandLineTool.main([
      "run", "--data", fixture.root.appendingPathComponent("nothing-here").path, "--out",
      fixture.output.path, "--quiet", "--threads", "1",
    ])
    #expect(status == CommandLineTool.ExitCode.fixableInput)
  }

  @Test func folderWithoutClassFoldersExitsWithThree() throws {
    let fixture = try CLIFixture(perClass: 1)
    defer { fixture.remove() }
    let flat = fixture.root.appendingPathComponent("flat")
    try FileManager.default.createDirectory(at: flat, withIntermediateDirectories: true)
    try Data("x".utf8).write(to: flat.appendingPathComponent("image.png"))
    let status = CommandLineTool.main([
      "run", "--data", flat.path, "--out", fixture.output.path, "--quiet", "--threads", "1",
    ])
    #expect(status == CommandLineTool.ExitCode.fixableInput)
  }

  @Test func classWithTooFewImagesExitsWithThree() throws {
    let fixture = try CLIFixture(perClass: 5)
    defer { fixture.remove() }
    let config = try fixture.writeConfiguration(CLIFixture.tinyConfiguration)
    let status = CommandLineTool.main([
      "run", "--config", config, "--data", fixture.data.path, "--out", fixture.output.path,
      "--quiet", "--threads", "1",
    ])
    #expect(status == CommandLineTool.ExitCode.fixableInput)
    #expect(!FileManager.default.fileExists(atPath: fixture.output.path))
  }

  @Test func metadataNamingAMissingFileExitsWithThree() throws {
    let fixture = try CLIFixture(perClass: 1)
    defer { fixture.remove() }
    let metadata = fixture.data.appendingPathComponent("metadata.csv")
    try Data("file,patient_id\nNormal/ghost.png,P1\n".utf8).write(to: metadata)
    let status = CommandLineTool.main([
      "run", "--data", fixture.data.path, "--out", fixture.output.path, "--quiet", "--threads", "1",
    ])
    #expect(status == CommandLineTool.ExitCode.fixableInput)
  }

  /// The message on stderr, from the built program: it must name the key and the valid ones.
  @Test(.enabled(if: Executable.url != nil, Comment(rawValue: Executable.missingReason)))
  func unknownKeyMessageOnStandardError() throws {
    let fixture = try CLIFixture(perClass: 1)
    defer { fixture.remove() }
    let config = try fixture.writeConfiguration(#"{"training": {"epochs": 3}}"#)
    let result = try Executable.run(
      ["run", "--config", config, "--data", fixture.data.path, "--out", fixture.output.path],
      in: fixture.root)
    #expect(result.status == 3)
    #expect(result.stderr.contains("unknown key 'training.epochs'"), "stderr: \(result.stderr)")
    #expect(result.stderr.contains("maxEpochs"), "stderr: \(result.stderr)")
  }

  @Test(.enabled(if: Executable.url != nil, Comment(rawValue: Executable.missingReason)))
  func missingDataFolderMessageNamesIt() throws {
    let fixture = try CLIFixture(perClass: 1)
    defer { fixture.remove() }
    let missing = fixture.root.appendingPathComponent("no-such-xrays").path
    let result = try Executable.run(
      ["run", "--data", missing, "--out", fixture.output.path], in: fixture.root)
    #expect(result.status == 3)
    #expect(result.stderr.contains("no such folder: \(missing)"), "stderr: \(result.stderr)")
  }

  /// A misspelt stage is a mistake on the command line, not in the data: exit 2, before any
  /// data is looked at.
  @Test func misspeltForcedStageIsAUsageError() throws {
    let fixture = try CLIFixture(perClass: 1)
    defer { fixture.remove() }
    for command in ["run", "status"] {
      let status = CommandLineTool.main([
        command, "--force", "trainig", "--data", fixture.data.path, "--out", fixture.output.path,
        "--quiet", "--threads", "1",
      ].filter { command == "run" || $0 != "--quiet" })
      #expect(status == CommandLineTool.ExitCode.usage, "\(command)")
    }
    #expect(!FileManager.default.fileExists(atPath: fixture.output.path))

    if Executable.url != nil {
      let result = try Executable.run(
        ["run", "--force", "trainig", "--data", fixture.data.path], in: fixture.root)
      #expect(result.status == 2)
      #expect(result.stderr.contains("did you mean '--force training'?"), "\(result.stderr)")
      #expect(result.stderr.contains("scan, preprocess, split"), "\(result.stderr)")
    }
  }

  /// Every option the parser accepts is in --help, and so are the exit code of a model
  /// problem and the template syntax.
  @Test(.enabled(if: Executable.url != nil, Comment(rawValue: Executable.missingReason)))
  func helpDocumentsEveryOption() throws {
    let fixture = try CLIFixture(perClass: 1)
    defer { fixture.remove() }
    let help = try Executable.run(["--help"], in: fixture.root).stdout
    for text in [
      "--data", "--out", "--config", "--seed", "--threads", "--template", "--external",
      "--force", "--self-contained", "--quiet", "--model", "--json", "--embedding", "--steps",
      "--version", "{{name}}", "{{#name}}", "the model that you can fix",
    ] {
      #expect(help.contains(text), "--help lacks \(text)")
    }
    #expect(help.contains("predict --model DIR [--json] [--embedding] [--threads N]"))
  }
}
