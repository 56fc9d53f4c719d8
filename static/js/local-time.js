/* For online talks: after a talk's time (shown in the talk's own time zone), the same
   moment on the visitor's clock, "(18:30 in your time zone, Europe/Madrid)", when the
   visitor's clock would show another time. It goes on a line of its own at the end of
   the element that holds the <time>, so "18:00–19:30 (America/Denver)" stays whole. Progressive enhancement: without script
   (or without Intl) the page keeps the talk's own time, which is always right.

   Marked up as <time datetime="ISO 8601" data-local-time="({time} ... {zone})"
   data-time-zone="Talk/Zone">; the sentence comes from the server, translated. */
(function () {
  "use strict";

  function wallClock(date, timeZone, withDay, locale) {
    var options = { timeZone: timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" };
    if (withDay) {
      options.weekday = "short";
      options.day = "numeric";
      options.month = "short";
    }
    return new Intl.DateTimeFormat(locale, options).format(date);
  }

  function dayOf(date, timeZone) {
    return new Intl.DateTimeFormat("en-CA", { timeZone: timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(date);
  }

  function annotate(element, visitorZone, locale) {
    var date = new Date(element.getAttribute("datetime"));
    var talkZone = element.getAttribute("data-time-zone");
    if (isNaN(date.getTime()) || !talkZone || element.parentNode.querySelector(".local-time")) {
      return;
    }
    if (wallClock(date, talkZone, true, "en") === wallClock(date, visitorZone, true, "en")) {
      return;
    }
    var otherDay = dayOf(date, talkZone) !== dayOf(date, visitorZone);
    var note = document.createElement("span");
    note.className = "local-time";
    note.textContent = element.getAttribute("data-local-time")
      .replace("{time}", wallClock(date, visitorZone, otherDay, locale))
      .replace("{zone}", visitorZone);
    element.parentNode.appendChild(note);
  }

  function run() {
    if (!window.Intl || !Intl.DateTimeFormat) {
      return;
    }
    var visitorZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (!visitorZone) {
      return;
    }
    var locale = document.documentElement.lang || undefined;
    var times = document.querySelectorAll("time[data-local-time]");
    for (var i = 0; i < times.length; i += 1) {
      try {
        annotate(times[i], visitorZone, locale);
      } catch (error) {
        /* An unknown zone name: leave the talk's own time alone. */
      }
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", run);
  } else {
    run();
  }
})();
