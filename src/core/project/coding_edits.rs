//! The coding decisions on a project: what a recode, a reset or a memo leaves as an action's
//! coding entry (`kind_outcome`, `memo_outcome`, `aspect_outcome`, which change nothing), and the
//! settling of a disagreement between coders (`settle`).

use super::history::{set_or_remove, Before};
use super::Project;
use crate::core::coding::{AspectEntry, CodeEntry, CoderLabel, Settled, Settlement};
use crate::core::model::{Aspect, Symbolic};
use crate::core::report::EditError;
use crate::core::sort::SortErased;

impl Project {
    /// Settles one disagreement: the coding takes the label (unless it has it already), and the
    /// settlement is recorded with every coder's label of the field.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn settle(
        &mut self,
        before: &mut Before,
        action: &str,
        label: &Settled,
        adopted: &Option<String>,
        memo: &str,
        coder: &str,
        at: &str,
    ) -> Result<(), EditError> {
        let i = self.index_of(action)?;
        if let Some(name) = adopted {
            let theirs = self
                .coders
                .iter()
                .find(|c| c.coder == *name)
                .and_then(|c| c.labels.get(action))
                .and_then(|l| Settled::of_coder(label.field(), l));
            if theirs.as_ref() != Some(label) {
                return Err(EditError::invalid(
                    "Settle",
                    format!(
                        "{name} did not code {action}'s {} so; choose their label or enter another.",
                        label.field()
                    ),
                ));
            }
        }
        let memo_arg = (!memo.trim().is_empty()).then(|| memo.trim().to_string());
        match label {
            Settled::Kind(kind) => {
                if self.current_kind(action) != Some(*kind) {
                    let entry = self.kind_outcome(action, Some(*kind), memo_arg, coder, at)?;
                    self.keep_codings(before, action);
                    set_or_remove(&mut self.coding, action.to_string(), entry);
                }
            }
            Settled::Aspect(aspect) => {
                if self.current_aspect(action) != Some(*aspect) {
                    let entry = self.aspect_outcome(action, Some(*aspect), memo_arg, coder, at)?;
                    self.keep_codings(before, action);
                    set_or_remove(&mut self.aspects, action.to_string(), entry);
                }
            }
            Settled::Triggers(triggers) => {
                for t in triggers {
                    if t == action || self.case.action(t).is_none() {
                        return Err(EditError::invalid(
                            "Triggers",
                            format!("{t} is not another action of the case; pick triggers among its ids."),
                        ));
                    }
                }
                let mut current = self.case.actions[i].triggers.clone();
                current.erased_sort();
                if current != *triggers {
                    self.keep_action(before, action);
                    self.case_mut().actions[i].triggers = triggers.clone();
                }
            }
        }
        let labels = self
            .coders
            .iter()
            .map(|c| {
                let l = c.labels.get(action);
                CoderLabel {
                    coder: c.coder.clone(),
                    label: l.and_then(|l| Settled::of_coder(label.field(), l)),
                    memo: l.map(|l| l.memo.clone()).unwrap_or_default(),
                }
            })
            .collect();
        before.settlements = Some(self.settlements.clone());
        self.settlements.push(Settlement {
            action: action.to_string(),
            label: label.clone(),
            adopted: adopted.clone(),
            labels,
            memo: memo.trim().to_string(),
            by: coder.to_string(),
            at: at.to_string(),
        });
        Ok(())
    }

    /// The kind entry a relabel (`Some(kind)`) or a reset (`None`) leaves, without changing anything.
    pub(super) fn kind_outcome(
        &self,
        id: &str,
        kind: Option<Symbolic>,
        memo: Option<String>,
        coder: &str,
        at: &str,
    ) -> Result<Option<CodeEntry>, EditError> {
        let original = self
            .original_kind(id)
            .ok_or_else(|| EditError::UnknownAction { id: id.to_string() })?;
        let before = self.coding.get(id);
        let current = before.map_or(original, |e| e.kind);
        let memo_before = before.map(|e| e.memo.clone()).unwrap_or_default();
        let kind = match kind {
            Some(kind) => {
                if kind == current && memo.as_ref().is_none_or(|m| *m == memo_before) {
                    return Err(EditError::Unchanged {
                        id: id.to_string(),
                        kind,
                    });
                }
                kind
            }
            None if current == original => {
                return Err(EditError::Unchanged {
                    id: id.to_string(),
                    kind: original,
                })
            }
            None => original,
        };
        let memo = memo.unwrap_or(memo_before);
        // An entry that says nothing beyond the original is no entry.
        Ok((kind != original || !memo.is_empty()).then(|| CodeEntry {
            kind,
            coder: coder.to_string(),
            at: at.to_string(),
            memo,
            review: None,
        }))
    }

    /// The kind entry a memo leaves: the memo's author and time are recorded only where the
    /// entry is not a recode, whose provenance stays.
    pub(super) fn memo_outcome(
        &self,
        id: &str,
        memo: &str,
        coder: &str,
        at: &str,
    ) -> Result<Option<CodeEntry>, EditError> {
        let original = self
            .original_kind(id)
            .ok_or_else(|| EditError::UnknownAction { id: id.to_string() })?;
        let before = self.coding.get(id);
        if before.map_or("", |e| e.memo.as_str()) == memo {
            return Err(EditError::NoChange {
                what: format!("the memo on {id} already says so."),
            });
        }
        let current = before.map_or(original, |e| e.kind);
        let (c, a) = match before {
            Some(e) if e.kind != original => (e.coder.as_str(), e.at.as_str()),
            _ => (coder, at),
        };
        Ok((current != original || !memo.is_empty()).then(|| CodeEntry {
            kind: current,
            coder: c.to_string(),
            at: a.to_string(),
            memo: memo.to_string(),
            review: before.and_then(|e| e.review.clone()),
        }))
    }

    /// The aspect entry a recode (`Some(aspect)`) or a reset (`None`) leaves.
    pub(super) fn aspect_outcome(
        &self,
        id: &str,
        aspect: Option<Option<Aspect>>,
        memo: Option<String>,
        coder: &str,
        at: &str,
    ) -> Result<Option<AspectEntry>, EditError> {
        let original = self
            .case
            .action(id)
            .ok_or_else(|| EditError::UnknownAction { id: id.to_string() })?
            .aspect;
        let before = self.aspects.get(id);
        let current = before.map_or(original, |e| e.aspect);
        let memo_before = before.map(|e| e.memo.clone()).unwrap_or_default();
        let name = |a: Option<Aspect>| a.map_or("no aspect".to_string(), |a| a.label().to_lowercase());
        let aspect = match aspect {
            Some(aspect) => {
                if aspect == current && memo.as_ref().is_none_or(|m| *m == memo_before) {
                    return Err(EditError::NoChange {
                        what: format!("{id} already targets {}.", name(aspect)),
                    });
                }
                aspect
            }
            None if current == original => {
                return Err(EditError::NoChange {
                    what: format!("{id} has its original aspect ({}).", name(original)),
                })
            }
            None => original,
        };
        let memo = memo.unwrap_or(memo_before);
        Ok((aspect != original || !memo.is_empty()).then(|| AspectEntry {
            aspect,
            coder: coder.to_string(),
            at: at.to_string(),
            memo,
            review: None,
        }))
    }
}
