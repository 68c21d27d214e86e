// "Ir al contenido" moves focus to the page's main region. Its href alone would change the hash, which the
// hash router reads as a route (and sends to Inicio).
export function installSkipLink(): void {
  document.querySelector<HTMLAnchorElement>("a.skip")?.addEventListener("click", (event) => {
    event.preventDefault();
    const main = document.getElementById("contenido");
    if (!main) return;
    main.focus();
    main.scrollIntoView();
  });
}
