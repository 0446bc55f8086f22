"""The report as plain data: report, entries, photos and the result sheet (dataclasses), entries resolved against a framework, items under the pass mark, bundled wording not yet checked."""
