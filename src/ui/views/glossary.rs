//! The glossary panel and the small "?" links that lead to it from the labels of the views.

use crate::core::glossary::{anchor, GLOSSARY};
use leptos::prelude::*;

/// A "?" link to a term of the glossary, placed beside a label that uses it.
#[component]
pub fn TermHelp(slug: &'static str) -> impl IntoView {
    let term = GLOSSARY.iter().find(|t| t.slug == slug).map_or(slug, |t| t.term);
    view! {
        <a class="term-help" href=format!("#{}", anchor(slug)) data-testid=format!("help-{slug}")
            title=format!("What is {}?", term.to_lowercase()) aria-label=format!("What is {}? (glossary)", term.to_lowercase())>"?"</a>
    }
}

/// The glossary.
#[component]
pub fn GlossaryPanel() -> impl IntoView {
    view! {
        <section class="panel glossary" data-testid="glossary" id="glossary" aria-labelledby="glossary-head">
            <header class="panel-head"><h2 id="glossary-head">"Glossary"</h2>
                <span class="hint">"The concepts of the regime-of-knowing lens, from the TelCo study."</span></header>
            <dl>
                {GLOSSARY.iter().map(|t| view! {
                    <dt id=anchor(t.slug) tabindex="-1">{t.term}</dt>
                    <dd>{t.meaning}</dd>
                }).collect_view()}
            </dl>
        </section>
    }
}
