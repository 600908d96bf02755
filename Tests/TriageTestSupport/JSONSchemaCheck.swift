import Foundation

/// Validates JSON against `docs/report.schema.json` with python3's `jsonschema` package.
public enum JSONSchemaCheck {
  private static let script = """
    import json, sys
    try:
        import jsonschema
    except ImportError:
        print("SKIP"); sys.exit(0)
    schema = json.load(open(sys.argv[1]))
    if sys.argv[2] == "lines":
        schema = {"$ref": "#/$defs/line", "$defs": schema["$defs"]}
        docs = [json.loads(l) for l in sys.stdin.read().splitlines() if l.strip()]
    else:
        docs = [json.loads(sys.stdin.read())]
    validator = jsonschema.Draft202012Validator(schema)
    problems = []
    for number, doc in enumerate(docs):
        for error in validator.iter_errors(doc):
            path = "/".join(str(p) for p in error.absolute_path)
            problems.append(f"document {number}: /{path}: {error.message}")
    print("\\n".join(problems) if problems else "OK")
    """

  /// The problems found (empty = valid), or `nil` when python3 or jsonschema is missing.
  ///
  /// - Parameters:
  ///   - json: one JSON document, or JSON Lines when `lines` is set.
  ///   - lines: validate each line against `#/$defs/line`.
  /// - Returns: The problems, or `nil` when the check cannot run.
  public static func problems(in json: String, lines: Bool = false) -> [String]? {
    let schema = TestPaths.repositoryRoot.appendingPathComponent("docs/report.schema.json")
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", script, schema.path, lines ? "lines" : "document"]
    let input = Pipe()
    let output = Pipe()
    process.standardInput = input
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    do { try process.run() } catch { return nil }
    let writer = Thread {
      input.fileHandleForWriting.write(Data(json.utf8))
      try? input.fileHandleForWriting.close()
    }
    writer.start()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    guard process.terminationStatus == 0, text != "SKIP" else { return nil }
    return text == "OK" ? [] : text.components(separatedBy: "\n")
  }
}
