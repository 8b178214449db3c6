import Foundation

extension StageKey {
  /// Longest parameter value shown in a reason before it is shortened with "…".
  static let shownValueLength = 60

  /// Why this key differs from `old` (typically the key recorded by the previous run), one
  /// readable reason per difference, in a fixed order: stage, implementation version, then
  /// parameters and inputs by name. Empty when the digests are equal.
  ///
  /// Examples: "implementation version 2 -> 3", "parameter nway.trials: 1000 -> 500",
  /// "parameter margin: added (1.5)", "parameter augment: removed (was true)",
  /// "input images: changed", "input template: added", "input narrative: removed".
  public func differences(from old: StageKey) -> [String] {
    var reasons: [String] = []
    if stage != old.stage {
      reasons.append("stage \(old.stage) -> \(stage)")
    }
    if version != old.version {
      reasons.append("implementation version \(old.version) -> \(version)")
    }

    for name in Set(parameters.keys).union(old.parameters.keys).sorted() {
      switch (old.parameters[name], parameters[name]) {
      case (let before?, let after?) where before != after:
        reasons += Self.changes(name, before, after)
      case (nil, let after?):
        reasons.append("parameter \(name): added (\(Self.shown(after)))")
      case (let before?, nil):
        reasons.append("parameter \(name): removed (was \(Self.shown(before)))")
      default:
        break
      }
    }

    for name in Set(inputHashes.keys).union(old.inputHashes.keys).sorted() {
      switch (old.inputHashes[name], inputHashes[name]) {
      case (let before?, let after?) where before != after:
        reasons.append("input \(name): changed")
      case (nil, _?):
        reasons.append("input \(name): added")
      case (_?, nil):
        reasons.append("input \(name): removed")
      default:
        break
      }
    }
    return reasons
  }

  /// "parameter name: old -> new"; for two JSON objects, one such line per changed member
  /// ("parameter training.stopPatience: 8 -> 5"), since the whole objects, shortened, may not
  /// show the difference at all.
  private static func changes(_ name: String, _ before: String, _ after: String) -> [String] {
    guard let old = object(before), let new = object(after) else {
      return ["parameter \(name): \(shown(before)) -> \(shown(after))"]
    }
    return Set(old.keys).union(new.keys).sorted().flatMap { member -> [String] in
      let path = name + "." + member
      switch (old[member].map(text), new[member].map(text)) {
      case (let was?, let now?) where was != now: return changes(path, was, now)
      case (nil, let now?): return ["parameter \(path): added (\(shown(now)))"]
      case (let was?, nil): return ["parameter \(path): removed (was \(shown(was)))"]
      default: return []
      }
    }
  }

  private static func object(_ json: String) -> [String: Any]? {
    guard let value = try? JSONSerialization.jsonObject(with: Data(json.utf8)) else { return nil }
    return value as? [String: Any]
  }

  private static func text(_ value: Any) -> String {
    let data = try? JSONSerialization.data(
      withJSONObject: value, options: [.sortedKeys, .fragmentsAllowed, .withoutEscapingSlashes])
    return data.map { String(decoding: $0, as: UTF8.self) } ?? "\(value)"
  }

  private static func shown(_ json: String) -> String {
    guard json.count > shownValueLength else { return json }
    return String(json.prefix(shownValueLength - 1)) + "…"
  }
}
