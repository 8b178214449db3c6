import Foundation
import Study
import Testing

@Suite struct ConfigurationTests {
  func decode(_ json: String) throws -> StudyConfiguration {
    try StudyConfiguration.decode(Data(json.utf8), file: "study.json")
  }

  @Test func leftOutKeysTakeTheirDefaults() throws {
    let configuration = try decode(#"{"seed": 42, "nway": {"trials": 200}}"#)
    var expected = StudyConfiguration()
    expected.seed = 42
    expected.nway.trials = 200
    #expect(configuration == expected)
  }

  @Test func unknownKeyIsNamedWithTheValidOnes() {
    #expect(
      throws: StudyError.unknownConfigurationKey(
        file: "study.json", key: "nway.trails", valid: ["trials", "ways"])
    ) {
      _ = try decode(#"{"nway": {"trails": 200}}"#)
    }
  }

  @Test func wrongTypeAndBadValuesSayWhichKey() {
    do {
      _ = try decode(#"{"split": {"train": "ten"}}"#)
      Issue.record("a string for split.train must be refused")
    } catch {
      #expect("\(error)".contains("split.train"))
    }
    #expect(
      throws: StudyError.badConfiguration(
        file: "study.json", reason: "pairs.batchSize must be an even number of at least 2, got 7")
    ) {
      _ = try decode(#"{"pairs": {"batchSize": 7}}"#)
    }
  }

  @Test(arguments: [
    (#"{"nway": {"trials": 2.5}}"#, "nway.trials must be a whole number, got 2.5"),
    (#"{"nway": {"trials": null}}"#, "nway.trials must be a whole number, got null"),
    (#"{"nway": {"ways": [2, "5"]}}"#, #"nway.ways must be a list of whole numbers, got [2,"5"]"#),
    (#"{"nway": {"ways": 5}}"#, "nway.ways must be a list of whole numbers, got 5"),
    (#"{"nway": 5}"#, "nway must be an object, got 5"),
    (
      #"{"seed": -1}"#,
      "seed must be a whole number from 0 to 18446744073709551615, got -1"
    ),
    (#"{"preprocessing": {"equalize": 1}}"#, "preprocessing.equalize must be true or false, got 1"),
    (
      #"{"training": {"learningRate": "fast"}}"#,
      #"training.learningRate must be a number, got "fast""#
    ),
    (
      #"{"unknownClass": {"heldOut": "Virus"}}"#,
      #"unknownClass.heldOut must be a list of strings, got "Virus""#
    ),
  ])
  func wrongTypeNamesTheKeyAndTheExpectedType(json: String, reason: String) {
    #expect(throws: StudyError.badConfiguration(file: "study.json", reason: reason)) {
      _ = try decode(json)
    }
  }

  @Test func syntaxErrorGivesLineAndColumn() {
    // Line 3 is `  "è": x`: the x is character 8 (byte 9, after the two-byte è).
    let json = "{\n  \"seed\": 4,\n  \"è\": x\n}\n"
    #expect(
      throws: StudyError.badConfiguration(
        file: "study.json", reason: "is not valid JSON: invalid value at line 3, column 8")
    ) {
      _ = try decode(json)
    }
  }

  @Test func truncatedFileSaysItIsNotJSON() {
    do {
      _ = try decode("{\"seed\": 4,\n")
      Issue.record("a truncated file must be refused")
    } catch {
      #expect(
        "\(error)".hasPrefix(
          "study.json: is not valid JSON: the file ends before every { and [ is closed ("))
      #expect("\(error)".contains("end of file"))
    }
  }

  /// Each of these crashed a run or was silently read as something else.
  @Test(arguments: [
    (#"{"training": {"maxEpochs": 0}}"#, "training.maxEpochs must be at least 1, got 0"),
    (#"{"training": {"maxEpochs": -3}}"#, "training.maxEpochs must be at least 1, got -3"),
    (#"{"training": {"stepsPerEpoch": 0}}"#, "training.stepsPerEpoch must be at least 1, got 0"),
    (
      #"{"training": {"validationPairs": 0}}"#,
      "training.validationPairs must be at least 2, got 0"
    ),
    (
      #"{"training": {"reduceFactor": 1}}"#,
      "training.reduceFactor must be between 0 and 1 (exclusive), got 1.0"
    ),
    (
      #"{"training": {"reduceFactor": 0}}"#,
      "training.reduceFactor must be between 0 and 1 (exclusive), got 0.0"
    ),
    (#"{"training": {"reducePatience": 0}}"#, "training.reducePatience must be at least 1, got 0"),
    (#"{"training": {"stopPatience": -1}}"#, "training.stopPatience must be at least 1, got -1"),
    (
      #"{"training": {"learningRate": 1e-50}}"#,
      "training.learningRate must be a positive, finite number within 32-bit float range "
        + "(about 1e-38 to 3e38), got 1e-50"
    ),
    (
      #"{"training": {"maxEpochs": 4611686018427387904, "stepsPerEpoch": 4}}"#,
      "training.maxEpochs × training.stepsPerEpoch is too large (4611686018427387904 × 4); "
        + "lower one of them"
    ),
    (#"{"preprocessing": {"maxPixels": 0}}"#, "preprocessing.maxPixels must be at least 1, got 0"),
    (#"{"demo": {"imagesPerClass": 0}}"#, "demo.imagesPerClass must be at least 1, got 0"),
    (#"{"nway": {"ways": [1, 5]}}"#, "nway.ways must list values of at least 2, got [1, 5]"),
    (#"{"nway": {"trials": 0}}"#, "nway.trials must be at least 1, got 0"),
  ])
  func outOfRangeValueNamesItsKey(json: String, reason: String) {
    #expect(throws: StudyError.badConfiguration(file: "study.json", reason: reason)) {
      _ = try decode(json)
    }
  }

  @Test func smallestValidValuesAreAccepted() throws {
    let json = #"""
      {"training": {"maxEpochs": 1, "stepsPerEpoch": 1, "validationPairs": 2,
                    "reducePatience": 1, "stopPatience": 1, "reduceFactor": 0.99},
       "preprocessing": {"maxPixels": 1}, "demo": {"imagesPerClass": 1}}
      """#
    let configuration = try decode(json)
    #expect(configuration.training.validationPairs == 2)
  }

  @Test func flattenedListsEveryLeafOnce() {
    let keys = StudyConfiguration().flattened.map(\.key)
    #expect(keys.contains("training.learningRate"))
    #expect(keys.contains("nway.ways"))
    #expect(Set(keys).count == keys.count)
  }
}
