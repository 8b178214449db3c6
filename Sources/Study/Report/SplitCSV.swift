/// `split.csv`: one row per usable image, columns file, class, group, split.
enum SplitCSV {
  static func render(_ results: StudyResults) -> String {
    var lines = ["file,class,group,split"]
    let data = results.prepared
    for (index, image) in data.images.enumerated() {
      let group = results.split.groups[results.split.groupOfImage[index]].identity
      lines.append(
        [
          image.entry.file, image.entry.className, group,
          results.split.splitOfImage[index].rawValue,
        ].map(field).joined(separator: ","))
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// RFC 4180 quoting for fields holding commas, quotes or line breaks.
  static func field(_ value: String) -> String {
    guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else {
      return value
    }
    return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }
}
