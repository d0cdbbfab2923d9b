"""What a run records: the batch-size policy and the epochs a recorder keeps."""

from model.recording import AUTO_BATCH, AUTO_BATCH_ABOVE, auto_batch_size, recorded_epochs


def test_full_batch_up_to_the_threshold_then_mini_batches_unless_asked():
    assert auto_batch_size(AUTO_BATCH_ABOVE, None) is None
    assert auto_batch_size(AUTO_BATCH_ABOVE + 1, None) == AUTO_BATCH == 1024
    assert auto_batch_size(50, 8) == 8 and auto_batch_size(10**6, 64) == 64


def test_recorded_epochs_keep_every_kth_and_the_last():
    assert recorded_epochs(150, 1) == 150 and recorded_epochs(150, 10) == 16 and recorded_epochs(1, 5) == 1
