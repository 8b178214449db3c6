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
        reasons.append("parameter \(name): \(Self.shown(before)) -> \(Self.shown(after))")
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

  private static func shown(_ json: String) -> String {
    guard json.count > shownValueLength else { return json }
    return String(json.prefix(shownValueLength - 1)) + "…"
  }
}
