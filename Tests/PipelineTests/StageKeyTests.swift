import Foundation
import Pipeline
import Testing

@Suite struct StageKeyTests {
  private struct Settings: Encodable {
    var ways: Int
    var classes: [String: Int]
  }

  private func baseKey() -> StageKey {
    var key = StageKey(stage: "evaluation", version: 2)
    key.add(parameter: "nway.trials", 1000)
    key.add(parameter: "nway.ways", [2, 3, 4])
    key.add(seed: 42)
    key.add(input: "weights", hash: SHA256.hex("weights"))
    return key
  }

  @Test func digestIsStableHexAndEqualForEqualKeys() {
    let digest = baseKey().digest
    #expect(digest.count == 64)
    #expect(digest.allSatisfy { "0123456789abcdef".contains($0) })
    #expect(digest == baseKey().digest)
  }

  @Test func everyKindOfInputChangesTheDigest() {
    let base = baseKey().digest
    var variants: [String: StageKey] = [:]

    variants["stage"] = {
      var key = StageKey(stage: "figures", version: 2)
      key.add(parameter: "nway.trials", 1000)
      key.add(parameter: "nway.ways", [2, 3, 4])
      key.add(seed: 42)
      key.add(input: "weights", hash: SHA256.hex("weights"))
      return key
    }()
    variants["version"] = {
      var key = StageKey(stage: "evaluation", version: 3)
      key.add(parameter: "nway.trials", 1000)
      key.add(parameter: "nway.ways", [2, 3, 4])
      key.add(seed: 42)
      key.add(input: "weights", hash: SHA256.hex("weights"))
      return key
    }()
    variants["parameter value"] = {
      var key = StageKey(stage: "evaluation", version: 2)
      key.add(parameter: "nway.trials", 500)
      key.add(parameter: "nway.ways", [2, 3, 4])
      key.add(seed: 42)
      key.add(input: "weights", hash: SHA256.hex("weights"))
      return key
    }()
    variants["seed"] = {
      var key = StageKey(stage: "evaluation", version: 2)
      key.add(parameter: "nway.trials", 1000)
      key.add(parameter: "nway.ways", [2, 3, 4])
      key.add(seed: 43)
      key.add(input: "weights", hash: SHA256.hex("weights"))
      return key
    }()
    variants["input hash"] = {
      var key = StageKey(stage: "evaluation", version: 2)
      key.add(parameter: "nway.trials", 1000)
      key.add(parameter: "nway.ways", [2, 3, 4])
      key.add(seed: 42)
      key.add(input: "weights", hash: SHA256.hex("other weights"))
      return key
    }()
    variants["added parameter"] = {
      var key = baseKey()
      key.add(parameter: "margin", 1.5)
      return key
    }()
    variants["added input"] = {
      var key = baseKey()
      key.add(input: "images", hash: SHA256.hex("images"))
      return key
    }()

    for (name, key) in variants {
      #expect(key.digest != base, "changing the \(name) must change the digest")
    }
    #expect(Set(variants.values.map(\.digest)).count == variants.count)
  }

  @Test func insertionOrderDoesNotMatter() {
    var first = StageKey(stage: "training", version: 1)
    first.add(parameter: "epochs", 20)
    first.add(parameter: "learningRate", 0.001)
    first.add(input: "pairs", hash: "aa")
    first.add(input: "images", hash: "bb")

    var second = StageKey(stage: "training", version: 1)
    second.add(input: "images", hash: "bb")
    second.add(parameter: "learningRate", 0.001)
    second.add(input: "pairs", hash: "aa")
    second.add(parameter: "epochs", 20)

    #expect(first.digest == second.digest)
    #expect(first == second)
  }

  @Test func dictionaryParametersAreCanonical() {
    var forward: [String: Int] = [:]
    for (index, name) in ["Normal", "Virus", "Bacteria", "COVID-19"].enumerated() {
      forward[name] = index
    }
    var backward: [String: Int] = [:]
    for (index, name) in ["Normal", "Virus", "Bacteria", "COVID-19"].enumerated().reversed() {
      backward[name] = index
    }

    var first = StageKey(stage: "split", version: 1)
    first.add(parameter: "settings", Settings(ways: 3, classes: forward))
    var second = StageKey(stage: "split", version: 1)
    second.add(parameter: "settings", Settings(ways: 3, classes: backward))

    #expect(first.digest == second.digest)
    #expect(
      first.inputs["settings"]
        == #"{"classes":{"Bacteria":2,"COVID-19":3,"Normal":0,"Virus":1},"ways":3}"#)
  }

  @Test func fieldsCannotRunIntoEachOther() {
    var parameter = StageKey(stage: "report", version: 1)
    parameter.add(parameter: "a", "b")
    var input = StageKey(stage: "report", version: 1)
    input.add(input: "a", hash: #""b""#)
    var renamed = StageKey(stage: "report", version: 1)
    renamed.add(parameter: "a\"", "")

    #expect(parameter.inputs == input.inputs)
    #expect(parameter.digest != input.digest)
    #expect(parameter.digest != renamed.digest)
  }

  @Test func differencesGiveReadableReasons() {
    var old = StageKey(stage: "evaluation", version: 2)
    old.add(parameter: "nway.trials", 1000)
    old.add(parameter: "augment", true)
    old.add(input: "weights", hash: "aa")
    old.add(input: "narrative", hash: "cc")

    var new = StageKey(stage: "evaluation", version: 3)
    new.add(parameter: "nway.trials", 500)
    new.add(parameter: "margin", 1.5)
    new.add(input: "weights", hash: "bb")
    new.add(input: "template", hash: "dd")

    #expect(
      new.differences(from: old) == [
        "implementation version 2 -> 3",
        "parameter augment: removed (was true)",
        "parameter margin: added (1.5)",
        "parameter nway.trials: 1000 -> 500",
        "input narrative: removed",
        "input template: added",
        "input weights: changed",
      ])
    #expect(new.differences(from: new).isEmpty)
  }

  @Test func longParameterValuesAreShortenedInReasons() throws {
    var old = StageKey(stage: "split", version: 1)
    old.add(parameter: "classes", Array(repeating: "Bacteria", count: 20))
    var new = StageKey(stage: "split", version: 1)
    new.add(parameter: "classes", Array(repeating: "Normal", count: 20))

    let reason = try #require(new.differences(from: old).first)
    #expect(reason.hasPrefix("parameter classes: [\"Bacteria\""))
    #expect(reason.contains("…"))
    #expect(reason.count < 150)
  }

  /// A settings group (a JSON object) is compared member by member: shortened whole objects
  /// can look identical when the difference lies past the cut.
  @Test func objectParametersNameTheMemberThatChanged() {
    struct Training: Encodable {
      var learningRate = 0.0001
      var network = "small-network-with-a-long-name-that-fills-the-shown-text"
      var patience = ["reduce": 4, "stop": 8]
    }
    var old = StageKey(stage: "training", version: 1)
    old.add(parameter: "training", Training())
    var changed = Training()
    changed.patience["stop"] = 5
    var new = StageKey(stage: "training", version: 1)
    new.add(parameter: "training", changed)

    #expect(new.differences(from: old) == ["parameter training.patience.stop: 8 -> 5"])
  }

  @Test func codableRoundTripKeepsTheDigest() throws {
    let key = baseKey()
    let data = try JSONEncoder().encode(key)
    let decoded = try JSONDecoder().decode(StageKey.self, from: data)
    #expect(decoded == key)
    #expect(decoded.digest == key.digest)
  }
}
