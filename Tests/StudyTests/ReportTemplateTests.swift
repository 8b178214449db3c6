import Foundation
import Study
import Testing

@Suite struct ReportTemplateTests {
  let template = ReportTemplate(
    text: """
      # {{title}}

      {{#extra}}
      ## Extra

      {{value}}
      {{/extra}}
      {{^extra}}
      (no extra section)
      {{/extra}}

      ## Last
      """,
    source: "t.md")

  @Test func fillsValuesAndNumbersHeadingsOfKeptSections() throws {
    let shown = try template.render(
      values: ["title": "T", "value": "42"], sections: ["extra": true])
    #expect(shown == "# T\n\n## 1. Extra\n\n42\n\n## 2. Last\n")
    let hidden = try template.render(
      values: ["title": "T", "value": "42"], sections: ["extra": false])
    #expect(hidden == "# T\n\n(no extra section)\n\n## 1. Last\n")
  }

  @Test func unknownPlaceholderListsTheValidOnes() {
    #expect(
      throws: StudyError.badConfiguration(
        file: "t.md", reason: "uses an unknown placeholder 'value'; valid placeholders: title")
    ) {
      _ = try template.render(values: ["title": "T"], sections: ["extra": true])
    }
  }

  @Test func unknownOrUnclosedSectionIsAnError() {
    #expect(throws: StudyError.self) {
      _ = try template.render(values: ["title": "T", "value": ""], sections: [:])
    }
    let unclosed = ReportTemplate(text: "{{#extra}} never closed", source: "u.md")
    #expect(
      throws: StudyError.badConfiguration(file: "u.md", reason: "never closes section 'extra'")
    ) {
      _ = try unclosed.render(values: [:], sections: ["extra": true])
    }
  }

  @Test func missingTemplateFileIsNamedAsMissing() {
    let url = URL(fileURLWithPath: "/nonexistent/narrative.md")
    #expect(
      throws: StudyError.badConfiguration(
        file: url.path, reason: "no such template file (--template)")
    ) {
      _ = try ReportTemplate.load(from: url)
    }
  }

  @Test func builtInTemplateUsesOnlyKnownNames() throws {
    // Every placeholder and section of the shipped narrative must be one the writer fills:
    // rendering with empty values for all known names must succeed.
    let builtIn = try ReportTemplate.builtIn()
    let values = Dictionary(uniqueKeysWithValues: ReportTemplate.placeholderNames.map { ($0, "") })
    let sections = Dictionary(uniqueKeysWithValues: ReportTemplate.sectionNames.map { ($0, true) })
    let text = try builtIn.render(values: values, sections: sections)
    #expect(text.contains("## 1. Parameters"))
  }
}
