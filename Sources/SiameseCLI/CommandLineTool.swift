import Foundation
import Pipeline
import SiameseEngine
import Study

/// The program: parses the command line, runs the command and maps every error to a message on
/// stderr and an exit code.
public enum CommandLineTool {
  /// Exit codes, as documented in `--help`.
  public enum ExitCode {
    public static let success: Int32 = 0
    public static let failure: Int32 = 1
    public static let usage: Int32 = 2
    public static let fixableInput: Int32 = 3
  }

  static let specs: [String: OptionSpec] = [
    "run": OptionSpec(
      valued: ["data", "out", "config", "seed", "threads", "template", "external", "force"],
      flags: ["self-contained", "quiet", "help", "version"], positional: false),
    "status": OptionSpec(
      valued: ["data", "out", "config", "seed", "threads", "template", "external", "force"],
      flags: ["self-contained", "help"], positional: false),
    "predict": OptionSpec(
      valued: ["model", "threads"], flags: ["json", "embedding", "help"], positional: true),
    "bench": OptionSpec(
      valued: ["threads", "steps"], flags: ["json", "help"], positional: false),
    "help": OptionSpec(valued: [], flags: [], positional: true),
  ]

  /// Runs the program with `arguments` (without the program name) and returns the exit code.
  public static func main(_ arguments: [String]) -> Int32 {
    if arguments.contains("-h") || arguments == ["help"] || arguments.first == "help" {
      print(HelpText.overview)
      return ExitCode.success
    }
    do {
      let parsed = try ArgumentParser.parse(arguments, specs: specs)
      if parsed.has("help") {
        print(HelpText.overview)
        return ExitCode.success
      }
      if parsed.has("version") {
        print(ProgramVersion.describe())
        return ExitCode.success
      }
      switch parsed.command {
      case "status": return try StatusCommand.run(parsed)
      case "predict": return try PredictCommand.run(parsed)
      case "bench": return try BenchCommand.run(parsed)
      default: return try RunCommand.run(parsed)
      }
    } catch let error as UsageError {
      printError(error.message)
      printError("run 'siamese-report --help' for usage")
      return ExitCode.usage
    } catch let error as StudyError {
      printError(error.description)
      return ExitCode.fixableInput
    } catch let error as InterruptedError {
      printError("\(error.description); the previous report is unchanged")
      return error.exitCode
    } catch let error as InputChangedError {
      printError("\(error.description); nothing was cached for the changed data, run again")
      return ExitCode.failure
    } catch {
      printError("\(error)")
      return ExitCode.failure
    }
  }

  static func printError(_ message: String) {
    FileHandle.standardError.write(Data(("siamese-report: " + message + "\n").utf8))
  }
}

/// Reads a whole number option, naming the option when the value is not one.
func integerOption(_ parsed: ParsedArguments, _ name: String, range: ClosedRange<Int>)
  throws(UsageError)
  -> Int?
{
  guard let text = parsed.value(name) else { return nil }
  guard let value = Int(text), range.contains(value) else {
    throw UsageError(
      message: "--\(name) needs a whole number from \(range.lowerBound) to \(range.upperBound), "
        + "got '\(text)'",
      command: parsed.command)
  }
  return value
}
