#include "selection/sequencer_state.h"

#include "core/error.h"
#include "selection/civil_date.h"
#include "selection/python_json.h"

namespace orbit::selection {

const StreamState* SequencerState::Find(const std::string& id) const {
  for (const StreamState& s : streams)
    if (s.id == id) return &s;
  return nullptr;
}

std::string SequencerStateJson(const SequencerState& state) {
  PythonJson j;
  j.BeginObject();
  j.Key("checkpoint_date");
  if (state.checkpoint_date == SequencerState::kNoDate) j.Null();
  else j.String(FormatIsoDate(state.checkpoint_date));
  j.Key("streams");
  j.BeginObject();
  for (const StreamState& s : state.streams) {
    j.Key(s.id);
    j.BeginObject();
    j.Key("current_time");
    j.String(s.current < 0 ? "" : kSlotLabels[s.current]);
    j.Key("current_session");
    j.String(s.session == 1 ? "S1" : "S2");
    j.Key("time_slot_histories");
    j.BeginObject();
    for (int t = SessionFirstSlot(s.session); t < SessionEndSlot(s.session); ++t) {
      j.Key(kSlotLabels[t]);
      j.BeginArray();
      for (int v : s.history[t]) j.Integer(v);
      j.EndArray();
    }
    j.EndObject();
    j.EndObject();
  }
  j.EndObject();
  j.EndObject();
  return j.Finish();
}

SequencerState ParseSequencerState(const JsonValue& doc, const std::string& source) {
  auto bad = [&](const std::string& what) { ThrowBadInput(source + ": sequencer state: " + what); };
  if (doc.kind != JsonValue::Kind::kObject) bad("not a JSON object");
  SequencerState state;
  const JsonValue* cp = doc.Find("checkpoint_date");
  if (cp && cp->kind == JsonValue::Kind::kString) {
    if (!ParseIsoDate(cp->text, state.checkpoint_date)) bad("checkpoint_date '" + cp->text + "' is not a date");
  } else if (cp && cp->kind != JsonValue::Kind::kNull) {
    bad("checkpoint_date is not a date text");
  }
  const JsonValue* streams = doc.Find("streams");
  if (!streams || streams->kind != JsonValue::Kind::kObject) bad("no streams object");
  for (const auto& [id, entry] : streams->members) {
    StreamState s;
    s.id = id;
    const JsonValue* sess = entry.Find("current_session");
    if (!sess || sess->kind != JsonValue::Kind::kString || (sess->text != "S1" && sess->text != "S2"))
      bad(id + ".current_session is not S1 or S2");
    s.session = sess->text == "S1" ? 1 : 2;
    const JsonValue* cur = entry.Find("current_time");
    if (!cur || cur->kind != JsonValue::Kind::kString) bad(id + ".current_time is not text");
    if (!cur->text.empty()) {
      s.current = SlotIndex(cur->text);
      if (s.current < SessionFirstSlot(s.session) || s.current >= SessionEndSlot(s.session))
        bad(id + ".current_time '" + cur->text + "' is not a slot of " + sess->text);
    }
    const JsonValue* hist = entry.Find("time_slot_histories");
    if (!hist || hist->kind != JsonValue::Kind::kObject) bad(id + ".time_slot_histories is not an object");
    for (const auto& [label, values] : hist->members) {
      const int t = SlotIndex(label);
      if (t < SessionFirstSlot(s.session) || t >= SessionEndSlot(s.session))
        bad(id + ".time_slot_histories: '" + label + "' is not a slot of " + sess->text);
      if (values.kind != JsonValue::Kind::kArray || values.items.size() > static_cast<size_t>(kRollingWindow))
        bad(id + ".time_slot_histories." + label + " is not a list of at most 13 scores");
      for (const JsonValue& v : values.items) {
        if (v.kind != JsonValue::Kind::kNumber || (v.number != 1 && v.number != 0 && v.number != -2))
          bad(id + ".time_slot_histories." + label + ": score " + v.text + " is not 1, 0 or -2");
        s.history[t].push_back(static_cast<int>(v.number));
      }
    }
    state.streams.push_back(std::move(s));
  }
  return state;
}

}  // namespace orbit::selection
