import Expressions

extension TransformPipeline {
    /// Activities that call other AWS services or run code, which Stowage refuses by name.
    static let unsupportedActivities = ["lambda", "deviceRegistryEnrich", "deviceShadowEnrich"]
    /// Activities that stand for IoT Analytics' own input and output, which Stowage skips.
    static let ignoredActivities = ["channel", "datastore"]

    /// Compiles a `transforms` value: a list of steps, or a whole IoT Analytics pipeline definition
    /// (`{"pipelineName": …, "pipelineActivities": […]}`); nil for an empty list.
    ///
    /// Steps run in list order, or along their `next` links when any step has one.
    package static func parse(_ value: JSONValue) throws(TransformDefinitionError) -> TransformPipeline? {
        let list: [JSONValue]
        switch value {
        case .array(let items): list = items
        case .object:
            guard case .array(let items)? = value["pipelineActivities"] else {
                throw TransformDefinitionError(
                    "must be a list of steps or a pipeline definition with a 'pipelineActivities' list; correct its value"
                )
            }
            list = items
        default:
            throw TransformDefinitionError(
                "must be a list of steps or a pipeline definition with a 'pipelineActivities' list; correct its value")
        }
        var activities: [Activity] = []
        for (offset, item) in list.enumerated() {
            activities.append(try Activity(item, position: offset + 1))
        }
        var steps: [TransformStep] = []
        for activity in try ordered(activities) where !ignoredActivities.contains(activity.key) {
            steps.append(try activity.compile())
        }
        return steps.isEmpty ? nil : TransformPipeline(steps: steps)
    }

    /// The activities in the order they run: along their `next` links when any has one, else as listed.
    private static func ordered(_ activities: [Activity]) throws(TransformDefinitionError) -> [Activity] {
        guard activities.contains(where: { $0.next != nil }) else { return activities }
        var byName: [String: Int] = [:]
        for (index, activity) in activities.enumerated() {
            guard let name = activity.name else {
                throw activity.error(
                    "has no 'name', which every activity needs when the steps are linked by 'next'; name it")
            }
            if byName.updateValue(index, forKey: name) != nil {
                throw activity.error("has the name of an earlier activity; give each activity its own 'name'")
            }
        }
        var targeted = Set<Int>()
        for activity in activities {
            guard let next = activity.next else { continue }
            guard let target = byName[next] else {
                throw activity.error(
                    "names '\(next)' as its next activity, but no activity has that name; correct its 'next'")
            }
            targeted.insert(target)
        }
        let heads = activities.indices.filter { !targeted.contains($0) }
        guard heads.count == 1 else {
            throw TransformDefinitionError(
                "has \(heads.count) activities that no 'next' names, so the order is unclear; link the activities into one chain from the first to the last"
            )
        }
        var order: [Activity] = []
        var seen = Set<Int>()
        var current: Int? = heads[0]
        while let index = current {
            guard seen.insert(index).inserted else { break }
            order.append(activities[index])
            current = activities[index].next.flatMap { byName[$0] }
        }
        guard order.count == activities.count, order.last?.next == nil else {
            throw TransformDefinitionError(
                "has 'next' links that loop or leave activities out; link the activities into one chain from the first to the last"
            )
        }
        return order
    }

    /// One entry of the definition: `{"<activity>": {"name": …, …, "next": …}}`.
    private struct Activity {
        var key: String
        var body: JSONValue
        var position: Int
        var name: String?
        var next: String?

        init(_ item: JSONValue, position: Int) throws(TransformDefinitionError) {
            self.position = position
            guard let members = item.objectMembers, members.count == 1 else {
                throw TransformDefinitionError(
                    position: position,
                    "must be an object with one activity, such as {\"filter\": {\"filter\": \"temperature > 40\"}}; correct it"
                )
            }
            key = members[0].0
            body = members[0].1
            guard case .object = body else {
                throw TransformDefinitionError(
                    position: position, step: key,
                    "must hold an object of the activity's fields, such as {\"filter\": {\"filter\": \"temperature > 40\"}}; correct it"
                )
            }
            name = body["name"]?.stringValue
            next = body["next"]?.stringValue
            let known = TransformStep.Kind.allCases.map(\.rawValue)
            if TransformPipeline.unsupportedActivities.contains(key) {
                throw error(
                    "is a \(key) activity, which Stowage does not support (it would call AWS or run code); remove it and use only filter, math, selectAttributes, removeAttributes and addAttributes"
                )
            }
            guard known.contains(key) || TransformPipeline.ignoredActivities.contains(key) else {
                throw error(
                    "is '\(key)', which is not an activity Stowage knows; use filter, math, selectAttributes, removeAttributes or addAttributes"
                )
            }
        }

        var label: String { key + (name.map { " '\($0)'" } ?? "") }

        func error(_ problem: String, column: Int? = nil) -> TransformDefinitionError {
            TransformDefinitionError(position: position, step: label, column: column, problem)
        }

        func compile() throws(TransformDefinitionError) -> TransformStep {
            let kind = TransformStep.Kind(rawValue: key)!
            let action: TransformStep.Action
            switch kind {
            case .filter:
                action = .filter(try expression("filter"))
            case .math:
                guard let attribute = body["attribute"]?.stringValue, !attribute.isEmpty else {
                    throw error("has no 'attribute' to set; add the name of the attribute the math computes")
                }
                action = .math(TransformStep.TargetName(attribute), try expression("math"))
            case .selectAttributes:
                var copies: [TransformStep.Copy] = []
                for text in try pathList() {
                    let path = try self.path(text)
                    guard case .member(let last)? = path.components.last else {
                        throw error(
                            "selects '\(text)', which ends with an index and so has no name to keep at the root; copy it to a named attribute with addAttributes first"
                        )
                    }
                    copies.append(
                        TransformStep.Copy(
                            source: path, target: TransformStep.TargetName(String(decoding: last, as: UTF8.self))))
                }
                action = .selectAttributes(copies)
            case .removeAttributes:
                var paths: [AttributePath] = []
                for text in try pathList() { paths.append(try path(text)) }
                action = .removeAttributes(paths)
            case .addAttributes:
                guard let members = body["attributes"]?.objectMembers, !members.isEmpty else {
                    throw error(
                        "has no 'attributes' object; map each source path to a new attribute, as {\"device.id\": \"id\"}"
                    )
                }
                var copies: [TransformStep.Copy] = []
                for (source, target) in members {
                    guard let target = target.stringValue, !target.isEmpty else {
                        throw error(
                            "maps '\(source)' to something other than a non-empty attribute name; give the new attribute's name as a string"
                        )
                    }
                    copies.append(
                        TransformStep.Copy(source: try path(source), target: TransformStep.TargetName(target)))
                }
                action = .addAttributes(copies)
            }
            return TransformStep(kind: kind, name: name, action: action)
        }

        private func expression(_ field: String) throws(TransformDefinitionError) -> Expression {
            guard let text = body[field]?.stringValue else {
                throw error("has no '\(field)' expression; add it as a string")
            }
            do {
                return try Expression(text)
            } catch {
                throw self.error(
                    "has an invalid \(field) expression: \(error.description); correct it", column: error.column)
            }
        }

        private func pathList() throws(TransformDefinitionError) -> [String] {
            guard case .array(let items)? = body["attributes"], !items.isEmpty else {
                throw error("has no 'attributes' list; list the attribute paths, as [\"device_id\", \"device.temp\"]")
            }
            var texts: [String] = []
            for item in items {
                guard let text = item.stringValue else {
                    throw error(
                        "lists \(item.serialized), which is not a string; write each attribute path as a string")
                }
                texts.append(text)
            }
            return texts
        }

        private func path(_ text: String) throws(TransformDefinitionError) -> AttributePath {
            let expression: Expression
            do {
                expression = try Expression(text)
            } catch {
                throw self.error(
                    "has an invalid attribute path: \(error.description); write names such as device.temp or coords[0]",
                    column: error.column)
            }
            guard expression.paths.count == 1, expression.description == expression.paths[0].description else {
                throw error(
                    "lists '\(text)', which is not an attribute path; write names such as device.temp or coords[0]")
            }
            return expression.paths[0]
        }
    }
}
