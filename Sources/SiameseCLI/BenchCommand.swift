import Foundation
import SiameseEngine

/// `siamese-report bench`: measures the numeric engine on the reference network.
enum BenchCommand {
  static func run(_ parsed: ParsedArguments) throws -> Int32 {
    let threads = try integerOption(parsed, "threads", range: 1...64) ?? 2
    let steps = try integerOption(parsed, "steps", range: 1...100) ?? 3
    let result = EngineBenchmark.run(threads: threads, steps: steps) { line in
      FileHandle.standardError.write(Data((line + "\n").utf8))
    }
    if parsed.has("json") {
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
      print(String(decoding: try encoder.encode(result), as: UTF8.self))
    } else {
      print(BenchmarkReport.text(result))
    }
    return CommandLineTool.ExitCode.success
  }
}
