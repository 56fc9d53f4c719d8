// Parse an iCalendar document from stdin with Mozilla's ical.js (Thunderbird's parser)
// and print what a calendar app would take from it, as JSON.
import ICAL from "ical.js";

let text = "";
for await (const chunk of process.stdin) text += chunk;

const root = new ICAL.Component(ICAL.parse(text));
for (const vtimezone of root.getAllSubcomponents("vtimezone")) {
  ICAL.TimezoneService.register(new ICAL.Timezone(vtimezone));
}
const events = root.getAllSubcomponents("vevent").map((vevent) => {
  const event = new ICAL.Event(vevent);
  return {
    uid: event.uid,
    start: event.startDate.toJSDate().toISOString(),
    end: event.endDate.toJSDate().toISOString(),
    start_tzid: event.startDate.timezone,
    summary: event.summary,
    status: vevent.getFirstPropertyValue("status"),
    dtstamp: vevent.getFirstPropertyValue("dtstamp") !== null,
  };
});
console.log(
  JSON.stringify({
    prodid: root.getFirstPropertyValue("prodid"),
    version: root.getFirstPropertyValue("version"),
    method: root.getFirstPropertyValue("method"),
    timezones: root.getAllSubcomponents("vtimezone").map((tz) => tz.getFirstPropertyValue("tzid")),
    events,
  }),
);
