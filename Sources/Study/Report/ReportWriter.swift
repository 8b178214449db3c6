import Foundation
import Plotting
import Reporting

/// Turns a run's results into report.md, report.html, figures/, metrics.json and split.csv in
/// a (staging) folder.
struct ReportWriter {
  let results: StudyResults
  let template: ReportTemplate
  let selfContained: Bool

  /// Writes everything into `folder` (which must exist).
  func write(into folder: URL) throws {
    var values = Dictionary(uniqueKeysWithValues: ReportTemplate.placeholderNames.map { ($0, "") })
    var sections = Dictionary(uniqueKeysWithValues: ReportTemplate.sectionNames.map { ($0, false) })
    try fill(&values, &sections)

    let markdown = try template.render(values: values, sections: sections)
    try write(markdown, to: folder.appendingPathComponent("report.md"))
    let html = try HTMLRenderer.render(
      markdown: markdown,
      options: HTMLOptions(
        title: results.title, selfContained: selfContained, baseDirectory: folder))
    try write(html, to: folder.appendingPathComponent("report.html"))
    try write(SplitCSV.render(results), to: folder.appendingPathComponent("split.csv"))
    try MetricsDocument(results).write(to: folder.appendingPathComponent("metrics.json"))
  }

  /// Copies the figures stage's PNG files into `folder/figures`.
  static func copyFigures(from source: URL, into folder: URL) throws {
    let figures = folder.appendingPathComponent("figures")
    try FileManager.default.createDirectory(at: figures, withIntermediateDirectories: true)
    for name in try FileManager.default.contentsOfDirectory(atPath: source.path).sorted() {
      try FileManager.default.copyItem(
        at: source.appendingPathComponent(name), to: figures.appendingPathComponent(name))
    }
  }

  private func fill(_ values: inout [String: String], _ sections: inout [String: Bool]) throws {
    let data = results.prepared
    let configuration = results.configuration
    func figure(_ name: ReportFigures.Name, alt: String, caption: String) -> String {
      Markdown.image(path: "figures/\(name.rawValue).png", alt: alt, caption: caption)
    }

    values["title"] = "Few-shot study: " + Format.text(results.datasetName)
    values["summary"] = ReportText.summary(results)
    sections["synthetic"] = results.synthetic

    values["parameters.source"] =
      results.configurationSource == "defaults"
      ? "No configuration file was given; all values are defaults."
      : "Configuration file: \(Format.file(results.configurationSource))."
    values["table.parameters"] = ReportTables.parameters(
      configuration, synthetic: results.synthetic, classes: results.prepared.classes)

    values["data.summary"] = ReportText.dataSummary(results)
    values["table.classes"] = ReportTables.classes(results)
    sections["rejected"] = !data.rejected.isEmpty
    values["table.rejected"] = ReportTables.rejected(data.rejected)

    values["table.split"] = ReportTables.split(results)
    values["split.statement"] = ReportText.splitStatement(results)
    sections["duplicates"] = !data.duplicates.isEmpty
    values["table.duplicates"] = ReportTables.duplicates(data)

    values["preprocessing.steps"] = ReportText.preprocessingSteps(configuration.preprocessing)
    values["figure.preprocessing"] = figure(
      .preprocessing,
      alt: "Two training images per class, each original beside its preprocessed version",
      caption: "Originals (left of each pair) and the preprocessed images the network sees.")
    values["pairs.shapes"] = ReportText.pairShapes(configuration)
    values["figure.pairs"] = figure(
      .pairs,
      alt: "Eight training pairs, four of the same class and four of different classes",
      caption: "Pairs from the first training batch; the caption says whether the two images "
        + "share a class.")

    sections["model"] = true
    values["model.intro"] = ReportText.modelIntro(results)
    values["table.model"] = ReportTables.model(results.layers)
    sections["training"] = true
    values["training.summary"] = ReportText.trainingSummary(results)
    values["figure.loss"] = figure(
      .loss, alt: "Training and validation loss per epoch",
      caption: "Loss per epoch. Vertical lines mark learning-rate drops and the best epoch, "
        + "whose weights were kept.")

    values["nway.scorers"] = ReportText.nwayScorers(results)
    values["table.nway"] = ReportTables.nway(results.nway, split: "test")
    values["figure.nway"] = figure(
      .nwayTest,
      alt: "Accuracy against N for each scorer, with 95 % intervals and the chance curve",
      caption: "Accuracy against N on the test split. Bands are Wilson 95 % intervals; the "
        + "dashed curve is chance (1/N).")
    values["nway.discussion"] = ReportText.nwayDiscussion(results)
    values["table.nway.seen"] = ReportTables.nway(results.nway, split: "train")
    values["figure.nway.seen"] =
      results.nway.contains { $0.split == "train" }
      ? figure(
        .nwaySeen, alt: "Accuracy against N on trials drawn from the training images",
        caption: "The same test on the training images, which the network has seen. The gap "
          + "to the test split shows how much is memorisation.")
      : "No N asked for fits the training images, so there is no seen-image test."

    if let assignment = results.assignment {
      sections["embeddings"] = true
      values["embeddings.method"] = ReportText.embeddingsMethod(results)
      values["table.assignment"] = ReportTables.assignment(assignment)
      values["figure.confusion"] = figure(
        .confusion, alt: "Confusion matrix of test images assigned to the most similar class",
        caption: "Rows: true class; columns: assigned class; cells: images and row share.")
    }
    if results.map != nil {
      values["figure.pca"] = figure(
        .map, alt: "Test embeddings on their first two principal components, by class",
        caption: "Test embeddings (dots) and training images (crosses) on the first two "
          + "principal components of the test embeddings; one colour per class.")
    }
    if let unknown = results.unknown {
      sections["unknown"] = true
      values["unknown.method"] = ReportText.unknownMethod(results)
      values["figure.roc"] = figure(
        .roc, alt: "ROC curve of flagging held-out-class images as unknown",
        caption: "Flagging held-out classes: each point is one threshold on the highest class "
          + "score.")
      values["unknown.result"] = ReportText.unknownResult(unknown)
    }

    values["table.shortcut"] = ReportTables.nway(
      results.nway.filter { $0.scorer == "image-stats" || $0.scorer == "pixels" }, split: "test")
    values["shortcut.statement"] = ReportText.shortcutStatement(results)

    if let external = results.external {
      sections["external"] = true
      values["external.summary"] = ReportText.externalSummary(external)
      values["table.external"] = ReportTables.external(external, internal: results)
    }

    sections["changes"] = results.changes != nil
    if let changes = results.changes {
      values["changes.summary"] = ReportText.changesSummary(changes)
      values["table.changes"] = ReportText.changesTable(changes)
    }

    values["run.intro"] =
      "Each stage of the run is reused from the cache when none of its inputs changed. "
      + "Times and dates appear only in this section and in `manifest.json`."
    values["table.stages"] = ReportTables.stages(results.stages)
    values["table.run"] = ReportTables.run(
      results.run, configurationSource: results.configurationSource,
      dataFolder: results.synthetic ? "(built-in demo data)" : results.datasetFolder.path,
      history: results.history)
  }

  private func write(_ text: String, to url: URL) throws {
    do {
      try Data(text.utf8).write(to: url)
    } catch {
      throw StudyError.cannotWrite(path: url.path, reason: error.localizedDescription)
    }
  }
}
