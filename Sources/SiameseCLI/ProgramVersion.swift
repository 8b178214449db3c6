import Foundation

/// The program's version, with the git commit when the executable was built from a checkout.
enum ProgramVersion {
  static let number = "0.1.0"

  /// "siamese-report 0.1.0 (commit 1a2b3c4)" or "siamese-report 0.1.0".
  static func describe() -> String {
    guard let commit = checkoutCommit() else { return "siamese-report \(number)" }
    return "siamese-report \(number) (commit \(commit))"
  }

  /// The commit of the checkout the executable sits in (SwiftPM builds into <checkout>/.build),
  /// found by reading .git directly so that no git binary is needed; "+changes" is not
  /// detectable this way, so a dirty tree reports its HEAD commit.
  static func checkoutCommit() -> String? {
    let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
    var folder = executable.deletingLastPathComponent()
    for _ in 0..<8 {
      let git = folder.appendingPathComponent(".git")
      if let head = try? String(contentsOf: git.appendingPathComponent("HEAD"), encoding: .utf8) {
        let text = head.trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.hasPrefix("ref: ") else { return String(text.prefix(12)) }
        let ref = String(text.dropFirst(5))
        if let hash = try? String(contentsOf: git.appendingPathComponent(ref), encoding: .utf8) {
          return String(hash.trimmingCharacters(in: .whitespacesAndNewlines).prefix(12))
        }
        return packedRef(ref, in: git)
      }
      folder = folder.deletingLastPathComponent()
    }
    return nil
  }

  private static func packedRef(_ ref: String, in git: URL) -> String? {
    guard
      let packed = try? String(
        contentsOf: git.appendingPathComponent("packed-refs"), encoding: .utf8)
    else { return nil }
    for line in packed.split(separator: "\n") where line.hasSuffix(" " + ref) {
      return String(line.prefix(12))
    }
    return nil
  }
}
