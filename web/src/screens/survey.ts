// Encuesta de satisfacción (seed 002, last section): once a month per user; skipping offers it again in 7 days.
import { call, get } from "../api";
import { route } from "../app";
import { button, formError, h, notice } from "../dom";
import { date } from "../format";
import { fieldError, onSubmit } from "../forms";

route("/encuesta", {
  title: "Encuesta", provider: true,
  async render() {
    const offer = await get("/encuesta");
    const section = h("section", {}, h("h1", {}, "Encuesta de satisfacción"));
    if (!offer.puede_responder) {
      section.append(notice(`Ya respondió la encuesta de este mes. ${offer.proxima_fecha ? `Podrá responder de nuevo desde el ${date(offer.proxima_fecha)}` : ""}`, "info"));
      return section;
    }
    const result = h("div", { "aria-live": "polite" });
    const form = onSubmit(h("form", { class: "card" }, formError(),
      offer.preguntas.map((q) => h("fieldset", { class: "question", "data-campo": q.clave },
        h("legend", {}, q.pregunta), q.ayuda ? h("p", { class: "hint" }, q.ayuda) : null,
        h("div", { class: "options" }, q.opciones.map((o) => h("label", { class: "check" },
          h("input", { type: "radio", name: q.clave, value: o.valor, required: true }), ` ${o.etiqueta}`))),
        h("p", { class: "field-error" }))),
      h("div", { class: "actions" },
        button("Omitir", async () => {
          const receipt = await call("post", "/encuesta/omitir");
          form.replaceWith(notice(receipt.mensaje, "info"));
        }, { kind: "secondary" }),
        button("Enviar", undefined, { type: "submit" })), result), async () => {
      const answers: Record<string, string> = {};
      for (const q of offer.preguntas) {
        const picked = form.querySelector<HTMLInputElement>(`input[name="${q.clave}"]:checked`);
        if (!picked) throw fieldError(q.clave, "Seleccione una respuesta");
        answers[q.clave] = picked.value;
      }
      const receipt = await call("post", "/encuesta/respuesta", { body: {
        satisfaccion: answers.satisfaccion as never, facilidad: answers.facilidad as never,
        recomendacion: Number(answers.recomendacion), resuelto: answers.resuelto as never,
      } });
      form.replaceWith(notice(receipt.mensaje, "ok"));
    });
    section.append(h("p", {}, "Cuéntenos cómo le fue con la Oficina Virtual este mes."), form);
    return section;
  },
});
