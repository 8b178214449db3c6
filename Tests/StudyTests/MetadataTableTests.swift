import Study
import Testing

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
    #expect(
      throws: StudyError.badMetadata(
        file: "m.csv", line: 1,
        reason: "has no 'file' column (found: name, patient_id; needed: file, patient_id)")
    ) {
      _ = try MetadataTable.parse("name,patient_id\na,1\n", file: "m.csv")
    }
  }

  /// Without the column every image would be its own patient: a patient's images could land
  /// in training and test alike.
  @Test func missingPatientColumnIsAnErrorThatListsTheColumns() {
    do {
      _ = try MetadataTable.parse("file,Patient ID,class\na.png,1,Normal\n", file: "m.csv")
      Issue.record("a table without patient_id must be refused")
    } catch {
      #expect(
        error.description
          == "m.csv, line 1 has no 'patient_id' column (found: file, patient id, class; "
          + "needed: file, patient_id)")
    }
  }

  @Test func oneFileWithTwoPatientsNamesBothAndTheirLines() {
    let text = "file,patient_id\nNormal/a.png,p1\nNormal/b.png,p2\n./Normal/a.png,p3\n"
    do {
      _ = try MetadataTable.parse(text, file: "m.csv")
      Issue.record("two patients for one file must be refused")
    } catch {
      #expect(
        error.description
          == "m.csv, line 4 gives Normal/a.png patient 'p3', but line 2 gives it patient 'p1'; "
          + "a file belongs to one patient")
    }
  }

  /// A repeated row, or one that leaves the id out, contradicts nothing.
  @Test func repeatedFileWithTheSamePatientIsAccepted() throws {
    let text = "file,patient_id\nNormal/a.png,p1\nNormal/a.png,p1\nNormal/a.png,\n"
    let table = try MetadataTable.parse(text, file: "m.csv")
    #expect(table.patientByFile == ["Normal/a.png": "p1"])
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
