/**
 * Literal text inside External Secrets templates (engine v2: Go `text/template`). In a Go
 * template the only special sequence of literal text is the left delimiter `{{`: it starts an
 * action (`a{{/*x*\/}}b` renders `ab`, `me{{x}}@example.com` fails). Escaped here so that any
 * literal text renders as itself: each `{{` becomes the action `{{ "{{" }}`, and a `{` that ends
 * the text (it would join the `{{` of the action that follows) becomes `{{ "{" }}`. Text without
 * `{{` is unchanged, so templates stay readable. test/external-render.test.ts renders the result
 * with Go's text/template and sprig, as the operator does.
 */

/** `text` as literal text of a Go template, followed (or not) by an action. */
export function goTemplateText(text: string): string {
  const escaped = text.replace(/\{\{/g, '{{ "{{" }}');
  return escaped.endsWith('{') ? `${escaped.slice(0, -1)}{{ "{" }}` : escaped;
}
