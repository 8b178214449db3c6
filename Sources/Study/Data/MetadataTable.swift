import Foundation

/// The optional `metadata.csv` of a dataset: a `file` column (path relative to the dataset
/// folder) and a `patient_id` column, both required; other columns are ignored. A row with an
/// empty `patient_id` counts as a patient of its own.
///
/// Parsing follows RFC 4180: fields may be quoted, quotes inside are doubled, and quoted fields
/// may hold commas and line breaks. A UTF-8 byte-order mark and CRLF line ends are accepted.
public struct MetadataTable: Sendable, Equatable {
  /// One data row: the file it names (relative, "/"-separated, normalised), its patient id if
  /// the field is not empty, and its line in the file.
  public struct Entry: Sendable, Equatable {
    public let file: String
    public let patientID: String?
    public let line: Int
  }

  public let entries: [Entry]

  public init(entries: [Entry]) {
    self.entries = entries
  }

  /// Patient id by file path; files without an id are left out.
  public var patientByFile: [String: String] {
    var result: [String: String] = [:]
    for entry in entries {
      if let patient = entry.patientID { result[entry.file] = patient }
    }
    return result
  }

  /// Reads and validates a metadata file.
  /// - Throws: `StudyError.badMetadata` naming the file, the line and what is wrong: among
  ///   others a missing `file` or `patient_id` column, or one file given two patients.
  public static func load(from url: URL) throws(StudyError) -> MetadataTable {
    let text: String
    do {
      text = try String(contentsOf: url, encoding: .utf8)
    } catch {
      throw .badMetadata(file: url.path, line: nil, reason: "cannot be read as UTF-8 text")
    }
    return try parse(text, file: url.path)
  }

  public static func parse(_ text: String, file: String) throws(StudyError) -> MetadataTable {
    let rows = try splitRows(text, file: file)
    guard let header = rows.first else {
      throw .badMetadata(file: file, line: nil, reason: "is empty; it needs a header line")
    }
    let names = header.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
    // Without patient ids, one patient's images could land in training and test alike: the
    // split would leak, silently, so a table without the column is refused.
    let needed = ["file", "patient_id"]
    let missing = needed.filter { !names.contains($0) }
    guard let fileColumn = names.firstIndex(of: "file"),
      let patientColumn = names.firstIndex(of: "patient_id")
    else {
      throw .badMetadata(
        file: file, line: 1,
        reason: "has no \(missing.map { "'\($0)'" }.joined(separator: " or ")) column "
          + "(found: \(names.joined(separator: ", ")); needed: \(needed.joined(separator: ", ")))")
    }

    var entries: [Entry] = []
    var patientOf: [String: (id: String, line: Int)] = [:]
    for row in rows.dropFirst() {
      if row.fields.count == 1 && row.fields[0].isEmpty { continue }
      guard row.fields.count == names.count else {
        throw .badMetadata(
          file: file, line: row.line,
          reason: "has \(row.fields.count) fields where the header has \(names.count)")
      }
      let path = row.fields[fileColumn].trimmingCharacters(in: .whitespaces)
      guard !path.isEmpty else {
        throw .badMetadata(file: file, line: row.line, reason: "has an empty 'file' field")
      }
      let patient = row.fields[patientColumn].trimmingCharacters(in: .whitespaces)
      let entry = Entry(
        file: normalised(path), patientID: patient.isEmpty ? nil : patient, line: row.line)
      // A file repeated with the same patient says nothing new; with another patient, which
      // one holds is a guess that decides the split.
      if let id = entry.patientID {
        if let earlier = patientOf[entry.file], earlier.id != id {
          throw .badMetadata(
            file: file, line: row.line,
            reason: "gives \(entry.file) patient '\(id)', but line \(earlier.line) gives it "
              + "patient '\(earlier.id)'; a file belongs to one patient")
        }
        if patientOf[entry.file] == nil { patientOf[entry.file] = (id, row.line) }
      }
      entries.append(entry)
    }
    return MetadataTable(entries: entries)
  }

  static func normalised(_ path: String) -> String {
    var parts = path.split(separator: "/", omittingEmptySubsequences: true)
    parts.removeAll { $0 == "." }
    return parts.joined(separator: "/")
  }

  private struct Row {
    var fields: [String]
    var line: Int
  }

  private static func splitRows(_ text: String, file: String) throws(StudyError) -> [Row] {
    var rows: [Row] = []
    var fields: [String] = []
    var field = ""
    var inQuotes = false
    var line = 1
    var rowStart = 1
    var characters = Array(text.unicodeScalars)
    if characters.first == "\u{FEFF}" { characters.removeFirst() }

    var index = 0
    while index < characters.count {
      let c = characters[index]
      if inQuotes {
        if c == "\"" {
          if index + 1 < characters.count && characters[index + 1] == "\"" {
            field.unicodeScalars.append("\"")
            index += 1
          } else {
            inQuotes = false
          }
        } else {
          if c == "\n" { line += 1 }
          field.unicodeScalars.append(c)
        }
      } else if c == "\"" && field.isEmpty {
        inQuotes = true
      } else if c == "," {
        fields.append(field)
        field = ""
      } else if c == "\n" || c == "\r" {
        if c == "\r" && index + 1 < characters.count && characters[index + 1] == "\n" {
          index += 1
        }
        fields.append(field)
        rows.append(Row(fields: fields, line: rowStart))
        fields = []
        field = ""
        line += 1
        rowStart = line
      } else {
        field.unicodeScalars.append(c)
      }
      index += 1
    }
    if inQuotes {
      throw .badMetadata(file: file, line: rowStart, reason: "has a quoted field that never ends")
    }
    if !field.isEmpty || !fields.isEmpty {
      fields.append(field)
      rows.append(Row(fields: fields, line: rowStart))
    }
    return rows
  }
}
