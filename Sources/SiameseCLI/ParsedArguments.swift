import Study

/// A command line split into a subcommand, options and positional arguments.
///
/// Options are `--name value`, `--name=value` or flags (`--json`). Which names take a value and
/// which are flags is given per command, so that an unknown option or a missing value is
/// reported with the command's own list of valid options.
struct ParsedArguments: Equatable {
  var command: String
  var values: [String: [String]] = [:]
  var flags: Set<String> = []
  var positional: [String] = []

  func value(_ name: String) -> String? { values[name]?.last }

  func all(_ name: String) -> [String] { values[name] ?? [] }

  func has(_ flag: String) -> Bool { flags.contains(flag) }
}

/// A mistake on the command line; the message names the argument and says what is valid.
struct UsageError: Error, CustomStringConvertible {
  let message: String
  let command: String

  var description: String { message }
}

struct OptionSpec {
  /// options that take a value
  let valued: Set<String>
  /// options that are flags
  let flags: Set<String>
  /// whether positional arguments are allowed
  let positional: Bool
}

enum ArgumentParser {
  static let commands = ["run", "status", "predict", "bench", "help"]

  /// Parses `arguments` (without the program name). The first argument selects the command when
  /// it names one; otherwise the command is `run`.
  static func parse(_ arguments: [String], specs: [String: OptionSpec]) throws(UsageError)
    -> ParsedArguments
  {
    var rest = arguments[...]
    var parsed = ParsedArguments(command: "run")
    if let first = rest.first, !first.hasPrefix("-") {
      guard commands.contains(first) else {
        throw UsageError(
          message: "unknown command '\(first)'; commands are: "
            + commands.joined(separator: ", "),
          command: "run")
      }
      parsed.command = first
      rest = rest.dropFirst()
    }
    let spec = specs[parsed.command]!

    while let argument = rest.popFirst() {
      if argument == "--" {
        parsed.positional += rest
        break
      }
      guard argument.hasPrefix("--") else {
        guard spec.positional else {
          throw UsageError(
            message: "unexpected argument '\(argument)' for '\(parsed.command)'",
            command: parsed.command)
        }
        parsed.positional.append(argument)
        continue
      }
      var name = String(argument.dropFirst(2))
      var inline: String?
      if let equals = name.firstIndex(of: "=") {
        inline = String(name[name.index(after: equals)...])
        name = String(name[..<equals])
      }
      if spec.flags.contains(name) {
        guard inline == nil else {
          throw UsageError(message: "--\(name) takes no value", command: parsed.command)
        }
        parsed.flags.insert(name)
      } else if spec.valued.contains(name) {
        guard let value = inline ?? rest.popFirst(), inline != nil || !value.hasPrefix("--")
        else {
          throw UsageError(message: "--\(name) needs a value", command: parsed.command)
        }
        parsed.values[name, default: []].append(value)
      } else {
        let valid = (spec.valued.union(spec.flags)).sorted().map { "--" + $0 }
        throw UsageError(
          message: "unknown option '--\(name)' for '\(parsed.command)'"
            + suggestion(for: name, among: spec.valued.union(spec.flags))
            + "; valid options: \(valid.joined(separator: ", "))",
          command: parsed.command)
      }
    }
    return parsed
  }

  /// " (did you mean '--seed'?)" when one valid name is within two edits of `name`; `prefix`
  /// is what the user types before it ("--" for options, nothing for values).
  static func suggestion(for name: String, among options: Set<String>, prefix: String = "--")
    -> String
  {
    guard let close = Spelling.closeMatch(to: name, among: options.sorted()) else { return "" }
    return " (did you mean '\(prefix)\(close)'?)"
  }
}
