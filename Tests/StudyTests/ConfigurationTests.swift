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

  @Test func flattenedListsEveryLeafOnce() {
    let keys = StudyConfiguration().flattened.map(\.key)
    #expect(keys.contains("training.learningRate"))
    #expect(keys.contains("nway.ways"))
    #expect(Set(keys).count == keys.count)
  }
}

@Suite struct MetadataTableTests {
  @Test func parsesQuotedFieldsAndIgnoresOtherColumns() throws {
    let text =
      "\u{FEFF}file,class,patient_id,note\r\n"
      + "Normal/a.png,Normal,p1,\"x, y\"\r\n"
      + "\"Normal/b,c.png\",Normal,p1,\"say \"\"hi\"\"\"\n"
      + "Virus/c.png,Virus,,\n"
    let table = try MetadataTable.parse(text, file: "metadata.csv")
    #expect(table.entries.map(\.file) == ["Normal/a.png", "Normal/b,c.png", "Virus/c.png"])
    #expect(table.patientByFile == ["Normal/a.png": "p1", "Normal/b,c.png": "p1"])
    #expect(table.entries[2].line == 4)
  }

  @Test func missingFileColumnIsAnError() {
    #expect(throws: StudyError.self) {
      _ = try MetadataTable.parse("name,patient_id\na,1\n", file: "m.csv")
    }
  }

  @Test func raggedRowNamesItsLine() {
    do {
      _ = try MetadataTable.parse("file,patient_id\na.png,1\nb.png\n", file: "m.csv")
      Issue.record("a short row must be refused")
    } catch {
      #expect(error.description == "m.csv, line 3 has 1 fields where the header has 2")
    }
  }
}
