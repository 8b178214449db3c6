import Foundation
import Imaging
import Plotting

/// The figures of a report, each drawn from the run's results.
enum ReportFigures {
  /// The file name (without .png) of each figure.
  enum Name: String, CaseIterable {
    case preprocessing
    case pairs
    case nwayTest = "nway-test"
  }

  /// Draws every figure the results support into `folder` as `<name>.png`.
  static func writeAll(_ results: StudyResults, into folder: URL) throws {
    func save(_ name: Name, _ png: [UInt8]) throws {
      try Data(png).write(to: folder.appendingPathComponent(name.rawValue + ".png"))
    }
    try save(.preprocessing, preprocessing(results))
    try save(.pairs, pairs(results))
    try save(
      .nwayTest,
      nway(
        results.nway.filter { $0.scorer != "image-stats" }, split: "test",
        title: "N-way one-shot accuracy on the test split"))
  }

  static func plotImage(_ raster: Raster) -> PlotImage {
    PlotImage(
      width: raster.width, height: raster.height, channels: raster.channels,
      samples: raster.samples)
  }

  static func plotImage(_ data: PreparedData, image: Int) -> PlotImage {
    PlotImage(
      width: data.size, height: data.size, channels: data.channels,
      samples: Array(data.pixels(of: image)))
  }

  /// Originals beside their preprocessed versions: two training images of each class.
  static func preprocessing(_ results: StudyResults) throws -> [UInt8] {
    var cells: [ImageGrid.Cell] = []
    var headers: [String] = []
    let data = results.prepared
    for (label, name) in data.classes.enumerated() {
      // Two per class keeps each class on one row of the grid.
      let examples = results.trainImages.filter { data.images[$0].label == label }.prefix(2)
      guard examples.count == 2 else { continue }
      headers.append(name)
      for image in examples {
        let record = data.images[image]
        let url = results.datasetFolder.appendingPathComponent(record.entry.file)
        let original = try ImageDecoder.decode(file: url)
        cells.append(
          ImageGrid.Cell(
            pixels: plotImage(original),
            caption: "original \(record.originalWidth)×\(record.originalHeight)"))
        cells.append(
          ImageGrid.Cell(pixels: plotImage(data, image: image), caption: "\(data.size)×\(data.size)"))
      }
    }
    return try ImageGrid(
      title: "Originals and what the network sees", columns: 2, cells: cells, cellSize: 150,
      rowHeaders: headers, layout: .pairs
    ).pngData()
  }

  /// The first pairs of a training batch, captioned Same or Different.
  static func pairs(_ results: StudyResults, count: Int = 8) throws -> [UInt8] {
    let batch = results.pairSample
    let same = batch.pairs.indices.filter { batch.labels[$0] == 1 }.prefix(count / 2)
    let different = batch.pairs.indices.filter { batch.labels[$0] == 0 }.prefix(count / 2)
    var cells: [ImageGrid.Cell] = []
    for index in zip(same, different).flatMap({ [$0, $1] }) {
      let pair = batch.pairs[index]
      let isSame = batch.labels[index] == 1
      let first = results.trainImages[pair.first]
      let second = results.trainImages[pair.second]
      let classes = results.prepared.classes
      let firstClass = classes[results.prepared.images[first].label]
      let secondClass = classes[results.prepared.images[second].label]
      cells.append(
        ImageGrid.Cell(
          pixels: plotImage(results.prepared, image: first),
          caption: isSame ? "Same" : "Different",
          captionColor: isSame ? Palette.positive : Palette.negative))
      cells.append(
        ImageGrid.Cell(
          pixels: plotImage(results.prepared, image: second),
          caption: isSame ? firstClass : "\(firstClass) / \(secondClass)"))
    }
    return try ImageGrid(
      title: "Sample training pairs (label 1 = same class, 0 = different)", columns: 4,
      cells: cells, cellSize: 120, layout: .pairs
    ).pngData()
  }

  /// Accuracy against N for every scorer on one split, with Wilson bands and chance.
  static func nway(_ results: [NWayResult], split: String, title: String) throws -> [UInt8] {
    let scorers = orderedScorers(results.filter { $0.split == split })
    let curves = scorers.enumerated().map { index, scorer in
      let rows = results.filter { $0.split == split && $0.scorer == scorer }.sorted { $0.n < $1.n }
      return LineChart.AccuracyCurve(
        name: ScorerNames.label(scorer), ways: rows.map(\.n), accuracy: rows.map(\.accuracy),
        lower: rows.map { $0.ci95[0] }, upper: rows.map { $0.ci95[1] },
        color: Palette.scorerColor(ScorerNames.colorIndex(scorer)))
    }
    return try LineChart.accuracyVersusWays(title: title, curves: curves).pngData()
  }

  static func orderedScorers(_ results: [NWayResult]) -> [String] {
    var seen: [String] = []
    for result in results where !seen.contains(result.scorer) { seen.append(result.scorer) }
    return seen.sorted { ScorerNames.colorIndex($0) < ScorerNames.colorIndex($1) }
  }
}

/// How each scorer is named in tables and legends; one colour per scorer in every figure.
enum ScorerNames {
  static let order = ["siamese", "untrained", "pixels", "image-stats"]

  static func label(_ scorer: String) -> String {
    switch scorer {
    case "siamese": return "Siamese network (trained)"
    case "untrained": return "Siamese network (untrained)"
    case "pixels": return "Raw pixels (L1)"
    case "image-stats": return "Image size and brightness"
    default: return scorer
    }
  }

  static func colorIndex(_ scorer: String) -> Int { order.firstIndex(of: scorer) ?? order.count }
}
