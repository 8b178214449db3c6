/// Suggestions for a mistyped name.
public enum Spelling {
  /// The one name of `candidates` within two edits of `name`, ignoring case, or nil when none
  /// or several are: a guess between several would only mislead.
  public static func closeMatch(to name: String, among candidates: [String]) -> String? {
    let close = Set(candidates.filter { editDistance($0.lowercased(), name.lowercased()) <= 2 })
    return close.count == 1 ? close.first : nil
  }

  /// Levenshtein distance: insertions, deletions and substitutions of characters.
  public static func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a)
    let b = Array(b)
    guard !a.isEmpty else { return b.count }
    guard !b.isEmpty else { return a.count }

    var previous = Array(0...b.count)
    for i in 1...a.count {
      var current = [i] + [Int](repeating: 0, count: b.count)
      for j in 1...b.count {
        current[j] = min(
          previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
      }
      previous = current
    }
    return previous[b.count]
  }
}
