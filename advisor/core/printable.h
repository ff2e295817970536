// The one escaping function for text that came from a file (a plan, a journal entry, a snapshot,
// a sysctl.d line) on its way to a terminal, a report or a JSON string: control characters cannot
// move the cursor, conceal a line, end a line or ring the bell, and bytes that are not UTF-8 are
// shown, not passed on. Renderers call it on every field they did not write themselves.
#pragma once

#include <string>
#include <string_view>

namespace sa {

// `text` with every C0 control byte but tab, DEL, the C1 controls (U+0080..U+009F, which some
// terminals obey as ESC sequences: U+009B is CSI), the bidirectional overrides and isolates
// (U+202A..U+202E, U+2066..U+2069: they reorder what is shown) and every byte that is not part of
// valid UTF-8 written as \xNN (one per byte). Unchanged (copied) when nothing needs escaping.
std::string printable(std::string_view text);

// The same, with tab escaped too: for one-line fields (a key, a rule id, a value, a profile name)
// where a tab could align fake columns.
std::string printable_line(std::string_view text);

// printable_line appended to `out`, without a temporary: for renderers of a million lines.
void append_printable_line(std::string& out, std::string_view text);

// The same, keeping LF (and tab): for multi-line text (a reason) that the renderer indents line by
// line, so a line of it cannot pass for one of the renderer's own.
std::string printable_text(std::string_view text);

}  // namespace sa
