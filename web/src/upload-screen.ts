// One upload screen for every channel that takes a provider's file (cartera requests, glosa response loads; the
// affiliates' attachments next): register the upload with the API, send the file straight to S3 with progress, and
// the channel's list of jobs, which refreshes itself while any of them runs. A channel gives only its words, its
// two API calls and its columns.
import { ApiError, type Schemas } from "./api";
import { currentGeneration, stillShown } from "./app";
import { button, formError, h, notice, table } from "./dom";
import { fieldError, onSubmit } from "./forms";
import { type Column, type JobRow } from "./job-cells";
import { FINISHED } from "./labels";
import { fileField, postToS3, progressBar } from "./upload";

const POLL_MS = 1500;

/** A channel's daily limit of uploads: what is left today, of how many. */
export interface DailyQuota { left: number; perDay: number }

/** The channel's latest jobs (and its quota, if it has one). */
export interface JobPage<Row> { rows: Row[]; quota?: DailyQuota }

/** The API's answer to registering an upload: its message, the presigned form, and the quota left after it. */
export interface Registration { mensaje: string; carga: Schemas["UploadFormView"]; quotaLeft?: number }

export interface UploadChannel<Row extends JobRow> {
  /** The file field (`id` of the input) and the message when none was chosen. */
  file: { id: string; label: string; hint: string; missing: string };
  /** The form's heading, its submit button, an optional button that clears the file, the progress bar's name, and
   * what is said once the file is in S3. */
  form: { heading: string; submit: string; clear?: string; progress: string; uploaded: string };
  /** The list under its heading: the table's caption, its columns, and what is said when it cannot be read. */
  list: { heading: string; caption: string; columns: Column<Row>[]; unavailable: string };
  jobs(): Promise<JobPage<Row>>;
  register(archivo: string): Promise<Registration>;
  /** The line above the file field for a channel with a daily quota. */
  quotaLine?(quota: DailyQuota): string;
}

export interface UploadScreen {
  form: HTMLFormElement;
  /** The list's heading, its "Actualizar" button and the list itself, to place where the screen wants them. */
  history: HTMLElement[];
  /** Settles once the list was first read (or its failure shown in its place). */
  ready: Promise<void>;
}

export function uploadScreen<Row extends JobRow>(channel: UploadChannel<Row>): UploadScreen {
  const asked = currentGeneration();
  const { file: fileText, form: formText, list: listText } = channel;
  const list = h("div", { "aria-live": "polite", "aria-busy": "false" });
  const quotaBox = channel.quotaLine ? h("p", { class: "quota", role: "status" }) : null;
  let quota: DailyQuota | undefined;
  const showQuota = (shown: DailyQuota | undefined) => {
    if (!shown || !quotaBox || !channel.quotaLine) return;
    quota = shown;
    quotaBox.textContent = channel.quotaLine(shown);
  };
  let timer: number | undefined;
  let polled = false;
  const refresh = async () => {
    window.clearTimeout(timer);
    // Stop once the user left the screen, or this tab of it (the first call runs before the list is on screen).
    if (!stillShown(asked) || (polled && !list.isConnected)) return;
    polled = true;
    const page = await channel.jobs();
    list.replaceChildren(table(listText.caption, listText.columns.map(([header]) => header),
      page.rows.map((row) => listText.columns.map(([, cell]) => cell(row))), { actions: true }));
    showQuota(page.quota);
    if (page.rows.some((r) => !FINISHED.includes(r.estado))) timer = window.setTimeout(() => void refresh(), POLL_MS);
  };
  const picker = fileField(fileText.id, fileText.label, fileText.hint);
  const bar = progressBar(formText.progress);
  const status = h("div", { "aria-live": "polite" });
  const form = onSubmit(h("form", { class: "card" }, h("h2", {}, formText.heading), formError(),
    quotaBox, picker.box,
    h("div", { class: "actions" },
      formText.clear ? button(formText.clear, picker.clear, { kind: "secondary" }) : null,
      button(formText.submit, undefined, { type: "submit" })),
    h("div", { class: "upload" }, bar), status), async () => {
    const file = picker.input.files?.[0];
    if (!file) throw fieldError("archivo", fileText.missing);
    bar.value = 0;
    const registered = await channel.register(file.name); // a refusal (quota, one load at a time) shows on the form
    status.replaceChildren(notice(registered.mensaje, "info"));
    if (quota && registered.quotaLeft !== undefined) showQuota({ ...quota, left: registered.quotaLeft });
    await refresh();
    await postToS3(registered.carga, file, bar);
    status.append(notice(formText.uploaded, "ok"));
    picker.clear();
    await refresh();
  });
  const ready = refresh().catch((error: unknown) =>
    list.replaceChildren(notice(error instanceof ApiError ? error.message : listText.unavailable, "error")));
  return {
    form,
    history: [h("h2", {}, listText.heading), button("Actualizar", () => void refresh(), { kind: "secondary small" }), list],
    ready,
  };
}
