from recrm.core.board import grid, kinds_for_board, summarise


def unit(floor, position, status="Available", area=100, price=1_000_000):
	return {"floor": floor, "position": position, "status": status, "gross_area": area, "list_price": price}


def test_grid_draws_top_floor_first_with_gaps():
	units = [unit(1, 1), unit(1, 2), unit(2, 1), unit(3, 2)]
	board = grid(units)
	assert board["positions"] == [1, 2]
	assert [r["floor"] for r in board["rows"]] == [3, 2, 1]
	assert board["rows"][0]["cells"][0] is None
	assert board["rows"][1]["cells"][1] is None


def test_summary_counts_area_and_value_per_status():
	units = [unit(1, 1, "Contracted", 90.5, 900_000), unit(1, 2, "Contracted", 100, 1_100_000), unit(2, 1)]
	summary = summarise(units)
	assert summary["Contracted"] == {"count": 2, "gross_area": 190.5, "value": 2_000_000.0}
	assert summary["Available"]["count"] == 1
	assert summary["Held"]["count"] == 0


def test_parking_and_storage_have_boards_of_their_own():
	assert kinds_for_board("Parking") == ("Parking Space",)
	assert "Parking Space" not in kinds_for_board("Homes")
	assert kinds_for_board("anything else") == kinds_for_board("Homes")
