/// A mistake in a stream's `transforms` definition, before it is placed in the config: which step, and where in
/// its expression or path.
package struct TransformDefinitionError: Error, Equatable {
    /// The step's 1-based position in the list as written (`channel` and `datastore` entries included), or nil
    /// when the mistake is about the whole definition.
    package var position: Int?
    /// The step as a user names it: `math 'MyMathActivity'`, or the activity's key alone.
    package var step: String?
    /// The 1-based column (in Unicode scalars) of the offending character in the step's expression or path.
    package var column: Int?
    /// What is wrong and the fix, to follow the step's name: "has an invalid filter: …; correct the expression".
    package var problem: String

    init(position: Int? = nil, step: String? = nil, column: Int? = nil, _ problem: String) {
        self.position = position
        self.step = step
        self.column = column
        self.problem = problem
    }

    /// The config error that names the field (`streams.telemetry.transforms`), the file and the step.
    package func configError(field: String, source: String) -> ConfigError {
        let place = "'\(field)' in the config file '\(source)'"
        guard let position else { return ConfigError("\(place) \(problem).") }
        let named = step.map { " (\($0))" } ?? ""
        return ConfigError("Step \(position)\(named) of \(place) \(problem).")
    }
}
